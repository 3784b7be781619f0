package io.camelbundle.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The packaged jar in the prod profile, started as an operator would: {@code java -jar
 * target/quarkus-app/quarkus-run.jar} from the repository root.
 */
class ProdStartupIT {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

    private ProcessBuilder bundle(Path dataDir, Map<String, String> env) {
        ProcessBuilder pb = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dbundle.data-dir=" + dataDir, "-jar", JAR.toString()));
        pb.environment().keySet().removeIf(k -> k.startsWith("OM_") || k.startsWith("TOKENS_") || k.startsWith("QUARKUS_")
                || k.startsWith("OPENAPI_"));
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        return pb;
    }

    @Test
    void refusesToStartWithoutCredentialsNamingTheKeys() throws Exception {
        Path data = Files.createTempDirectory("prod-nocreds");
        Path log = data.resolve("out.log");
        Process process = bundle(data, Map.of()).redirectOutput(log.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exits by itself").isTrue();
        String output = Files.readString(log);
        assertThat(process.exitValue()).as(output).isNotZero();
        assertThat(output).contains("om.client-id").contains("om.client-secret").contains("tokens.api-keys")
                .contains("openapi.appid").contains("openapi.appkey");
    }

    @Test
    void prodBuildHasNoSandboxAndServesHealth() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path data = Files.createTempDirectory("prod-run");
        Process process = bundle(data, Map.of("OM_CLIENT_ID", "id", "OM_CLIENT_SECRET", "prod-secret-9x",
                "TOKENS_API_KEYS", "k1", "OM_AUTH_URL", "http://127.0.0.1:9", "QUARKUS_HTTP_PORT", String.valueOf(port),
                "OPENAPI_APPID", "1", "OPENAPI_APPKEY", "prod-appkey-4q"))
                .redirectOutput(data.resolve("out.log").toFile()).start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + port;
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> get(http, base + "/q/health/live").statusCode() == 200);
            assertThat(post(http, base + "/sandbox/om/omoauth2/accesstoken?grant_type=clientcredentials").statusCode())
                    .as("the sandbox is absent from the prod build").isEqualTo(404);
            HttpResponse<String> token = get(http, base + "/tokens/om", "Authorization", "Bearer k1");
            assertThat(token.statusCode()).isEqualTo(503);
            assertThat(token.body()).contains("refresh failed: unreachable").doesNotContain("prod-secret-9x");
        } finally {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(Files.readString(data.resolve("out.log"))).doesNotContain("prod-secret-9x").doesNotContain("prod-appkey-4q");
    }

    private static HttpResponse<String> get(HttpClient http, String url, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(HttpClient http, String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
