package io.camelbundle.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.impl.DefaultCamelContext;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The check alone, on a folder of its own: a file saved with broken YAML and one whose routes are gone. */
class RouteFilesReadinessCheckTest {

    @TempDir
    Path dir;

    @Test
    void brokenYamlAndMissingRoutesAreDownNamingTheFileAndAFixedFileIsUpAgain() throws Exception {
        Files.writeString(dir.resolve("a.camel.yaml"), "- route:\n    id: a\n    from:\n      uri: timer:a\n");
        Files.writeString(dir.resolve("b.camel.yaml"), "- route:\n    id: b\n   from: [\n");
        Files.writeString(dir.resolve("notes.txt"), "not a route file");
        Files.writeString(dir.resolve("tze-off.camel.yaml"),
                "- route:\n    id: tze-off\n    from:\n      uri: timer:t\n");
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.start();
            RouteFilesReadinessCheck check = new RouteFilesReadinessCheck(camel, "file:" + dir + "/*.camel.yaml",
                    "**/tze-*.camel.yaml"); // as when TZE is not in bundle.vendors: not loaded, not missing
            HealthCheckResponse response = check.call();
            assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
            assertThat(response.getData().orElseThrow())
                    .containsEntry(dir.resolve("a.camel.yaml").toString(),
                            "routes [a] are not running: the file failed to load (the log says why)")
                    .containsEntry(dir.resolve("b.camel.yaml").toString(), "not valid YAML: its routes are not running")
                    .containsEntry("files", 2L);

            Files.writeString(dir.resolve("b.camel.yaml"), "- route:\n    id: b\n    from:\n      uri: timer:b\n");
            Files.delete(dir.resolve("a.camel.yaml"));
            camel.addRoutes(new org.apache.camel.builder.RouteBuilder() {
                @Override
                public void configure() {
                    from("timer:b?repeatCount=1").routeId("b").log("b");
                }
            });
            assertThat(check.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        }
    }
}
