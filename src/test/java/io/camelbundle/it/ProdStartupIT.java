package io.camelbundle.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The packaged jar in the prod profile, started as an operator would: {@code java -jar
 * target/quarkus-app/quarkus-run.jar} from the repository root.
 */
class ProdStartupIT {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    /**
     * Starts that must be refused test the message, not speed: C1 only, as the crash ITs run, since the four
     * ITs share two cores. The starts that must succeed run with default JVM settings, as users run the jar.
     */
    private static final List<String> REFUSED_START = List.of("-XX:TieredStopAtLevel=1");
    private static final Pattern LISTENING = Pattern.compile(
            "Listening on: http://[^:]+:(\\d+)\\. Management interface listening on http://[^:]+:(\\d+)");

    /** The jar as the production block starts it: default JVM settings. */
    private ProcessBuilder bundle(Path dataDir, Map<String, String> env) {
        return bundle(dataDir, env, List.of());
    }

    private ProcessBuilder bundle(Path dataDir, Map<String, String> env, List<String> jvmOptions) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-Dbundle.data-dir=" + dataDir, "-jar", JAR.toString()));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet()
                .removeIf(k -> k.startsWith("OM_") || k.startsWith("TOKENS_") || k.startsWith("QUARKUS_")
                        || k.startsWith("OPENAPI_"));
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        return pb;
    }

    @Test
    void refusesToStartWithoutCredentialsNamingTheKeys() throws Exception {
        Path data = Files.createTempDirectory("prod-nocreds");
        Path log = data.resolve("out.log");
        Process process = bundle(data, Map.of(), REFUSED_START).redirectOutput(log.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exits by itself").isTrue();
        String output = Files.readString(log);
        assertThat(process.exitValue()).as(output).isNotZero();
        assertThat(output).contains("tokens.api-keys");
    }

    @Test
    void refusesToStartWithoutTheCredentialsOfTheDefaultVendorsNamingTheKeys() throws Exception {
        String output = refusedStart("prod-novendorcreds", Map.of("TOKENS_API_KEYS", "k1"));
        assertThat(output).contains("om.client-id").contains("om.client-secret").contains("openapi.appid")
                .contains("openapi.appkey");
    }

    @Test
    void refusesToStartWhenAListedVendorLacksItsSecretNamingTheKey() throws Exception {
        String output = refusedStart("prod-noappkey", Map.of("BUNDLE_VENDORS", "om,openapi", "OM_CLIENT_ID", "id",
                "OM_CLIENT_SECRET", "prod-secret-9x", "TOKENS_API_KEYS", "k1", "OPENAPI_APPID", "1"));
        assertThat(output).contains("openapi.appkey").doesNotContain("om.client-secret")
                .doesNotContain("prod-secret-9x");
    }

    @Test
    void refusesToStartOnABadVendorListNamingTheKeyAndTheValue() throws Exception {
        Map<String, String> creds = Map.of("OM_CLIENT_ID", "id", "OM_CLIENT_SECRET", "prod-secret-9x",
                "TOKENS_API_KEYS", "k1");
        Map<String, String> unknown = new HashMap<>(creds);
        unknown.put("BUNDLE_VENDORS", "om,wechat");
        assertThat(refusedStart("prod-badvendor", unknown)).contains("bundle.vendors").contains("'wechat'");
        Map<String, String> empty = new HashMap<>(creds);
        empty.put("BUNDLE_VENDORS", "");
        assertThat(refusedStart("prod-novendor", empty)).contains("bundle.vendors is empty");
    }

    @Test
    void refusesToStartWhenAnOwnRoutesExcludePatternWouldLoadTheRoutesOfAVendorLeftOut() throws Exception {
        String output = refusedStart("prod-ownexclude", Map.of("BUNDLE_VENDORS", "om", "OM_CLIENT_ID", "id",
                "OM_CLIENT_SECRET", "prod-secret-9x", "TOKENS_API_KEYS", "k1",
                "CAMEL_MAIN_ROUTES_EXCLUDE_PATTERN", "**/tze-*.camel.yaml"));
        assertThat(output).contains("camel.main.routes-exclude-pattern").contains("**/openapi-*.camel.yaml");
    }

    /**
     * The README's production command, exactly as written there (its {@code ...} filled in), plus a free port, a
     * temporary data folder and an OM that does not answer, so the test stays on this machine.
     */
    @Test
    void readmeProductionCommandStartsWithOmOnly() throws Exception {
        List<String> readme = Files.readAllLines(Path.of("README.md"));
        String command = readme.stream()
                .filter(l -> l.startsWith("BUNDLE_VENDORS=") && l.contains(" java -jar ")).findFirst()
                .orElseThrow(() -> new AssertionError("README.md has no production command starting BUNDLE_VENDORS="));
        // the build before it packages the jar this test starts (verify's package phase builds the same one)
        assertThat(readme.get(readme.indexOf(command) - 1)).as("the line before the start command")
                .isEqualTo("./mvnw package -DskipTests");
        String vars = command.substring(0, command.indexOf(" java -jar "));
        assertThat(command.substring(vars.length())).isEqualTo(" java -jar " + JAR);
        Map<String, String> env = new HashMap<>();
        for (String assignment : vars.split(" ")) {
            String[] kv = assignment.split("=", 2);
            env.put(kv[0], kv[1].equals("...") ? "readme-" + kv[0].toLowerCase() : kv[1]);
        }
        assertThat(env).containsEntry("BUNDLE_VENDORS", "om").containsKeys("OM_CLIENT_ID", "OM_CLIENT_SECRET",
                "TOKENS_API_KEYS");
        env.put("QUARKUS_HTTP_PORT", "0");
        env.put("QUARKUS_MANAGEMENT_PORT", "0");
        env.put("OM_AUTH_URL", "http://127.0.0.1:9");
        Path data = Files.createTempDirectory("prod-readme");
        ProcessBuilder pb = bundle(data, env).redirectOutput(data.resolve("out.log").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("BUNDLE_") && !env.containsKey(k));
        Process process = pb.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + awaitStarted(http, process, data.resolve("out.log"))[0];
            assertThat(get(http, base + "/openapi/v3/user/get_info", "Authorization", "Bearer readme-tokens_api_keys")
                    .statusCode()).isEqualTo(404);
            assertThat(get(http, base + "/tokens/tze", "Authorization", "Bearer readme-tokens_api_keys").statusCode())
                    .isEqualTo(404);
        } finally {
            stop(process);
        }
        assertThat(Files.readString(data.resolve("out.log"))).contains("Vendors on: om (openapi, tze off)");
    }

    private String refusedStart(String name, Map<String, String> env) throws Exception {
        Path data = Files.createTempDirectory(name);
        Path log = data.resolve("out.log");
        ProcessBuilder pb = bundle(data, env, REFUSED_START).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("BUNDLE_") && !env.containsKey(k));
        Process process = pb.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exits by itself").isTrue();
        String output = Files.readString(log);
        assertThat(process.exitValue()).as(output).isNotZero();
        return output;
    }

    @Test
    void prodBuildHasNoSandboxAndServesHealth() throws Exception {
        Path data = Files.createTempDirectory("prod-run");
        Process process = bundle(data, Map.of("OM_CLIENT_ID", "id", "OM_CLIENT_SECRET", "prod-secret-9x",
                "TOKENS_API_KEYS", "k1", "OM_AUTH_URL", "http://127.0.0.1:9", "QUARKUS_HTTP_PORT", "0",
                "QUARKUS_MANAGEMENT_PORT", "0", "OPENAPI_APPID", "1", "OPENAPI_APPKEY", "prod-appkey-4q"))
                .redirectOutput(data.resolve("out.log").toFile()).start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            int[] ports = awaitStarted(http, process, data.resolve("out.log"));
            String base = "http://127.0.0.1:" + ports[0];
            // the embedded H2 opens no server of its own (AUTO_SERVER listens on every interface)
            assertThat(listeningPorts(process.pid())).as("the ports the jar listens on")
                    .containsExactlyInAnyOrder(ports[0], ports[1]);
            assertThat(get(http, base + "/q/health/live").statusCode()).as("health only on the management port")
                    .isEqualTo(404);
            assertThat(post(http, base + "/sandbox/om/omoauth2/accesstoken?grant_type=clientcredentials").statusCode())
                    .as("the sandbox is absent from the prod build").isEqualTo(404);
            HttpResponse<String> token = get(http, base + "/tokens/om", "Authorization", "Bearer k1");
            assertThat(token.statusCode()).isEqualTo(503);
            assertThat(token.body()).contains("refresh failed: unreachable").doesNotContain("prod-secret-9x");
        } finally {
            stop(process);
        }
        assertThat(Files.readString(data.resolve("out.log"))).doesNotContain("prod-secret-9x")
                .doesNotContain("prod-appkey-4q");
    }

    /**
     * Waits for Quarkus' "Listening on" line, printed once both ports listen, and for live on the management
     * port; returns {main port, management port}. The jar binds port 0 and the log names the ports it got: ports
     * picked free beforehand could be taken by another IT (or an outgoing connection) before the jar binds them.
     */
    private static int[] awaitStarted(HttpClient http, Process process, Path log) {
        int[] ports = new int[2];
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            assertThat(process.isAlive()).as("the jar runs: " + Files.readString(log)).isTrue();
            Matcher m = LISTENING.matcher(Files.readString(log));
            if (!m.find()) {
                return false;
            }
            ports[0] = Integer.parseInt(m.group(1));
            ports[1] = Integer.parseInt(m.group(2));
            return true;
        });
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> get(http, "http://127.0.0.1:" + ports[1] + "/q/health/live").statusCode() == 200);
        return ports;
    }

    /**
     * The TCP ports a process listens on, from Linux's socket tables: the inodes of its socket descriptors,
     * looked up among the LISTEN (state 0A) rows of /proc/net/tcp and tcp6.
     */
    private static Set<Integer> listeningPorts(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // a descriptor closed while listing is no listening socket
                }
            }
        }
        Set<Integer> ports = new HashSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> rows = Files.readAllLines(Path.of(table));
            for (String row : rows.subList(1, rows.size())) { // below the header
                String[] f = row.trim().split("\\s+");
                if (f[3].equals("0A") && inodes.contains(f[9])) {
                    ports.add(Integer.parseInt(f[1].substring(f[1].lastIndexOf(':') + 1), 16));
                }
            }
        }
        return ports;
    }

    /** Stops the jar as an operator does (SIGTERM) and waits for it to exit. */
    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("exits on SIGTERM").isTrue();
    }

    private static HttpResponse<String> get(HttpClient http, String url, String... headers)
            throws IOException, InterruptedException {
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
