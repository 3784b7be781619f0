package io.camelbundle.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The running bundle loaded every route file from disk and started every route it defines (or left it
 * stopped where configuration switches it off), and its registry and configuration agree with what
 * {@link RouteFilesTest} checks without starting it.
 */
@QuarkusTest
class ShippedRoutesStartTest {

    @Inject
    CamelContext context;

    @Test
    void theRunningRegistryAndConfigurationResolveEveryShippedRouteFile() throws Exception {
        List<Path> files = RouteFileValidator.routeFiles(RouteFilesTest.ROUTES);
        RouteFileValidator validator = RouteFileValidator.ofRunning(context, RouteFilesTest.KAMELETS, files);
        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            problems.addAll(validator.validate(file));
        }
        assertThat(problems).as("problems in routes/ against the running bundle").isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyShippedRouteIsLoadedFromDiskAndStarted() throws Exception {
        for (Path file : RouteFileValidator.routeFiles(RouteFilesTest.ROUTES)) {
            if (!file.toString().endsWith(".camel.yaml")) {
                continue;
            }
            List<Object> items = (List<Object>) new Load(LoadSettings.builder().build())
                    .loadFromString(Files.readString(file));
            for (Object item : items) {
                Map<String, Object> route = (Map<String, Object>) ((Map<String, Object>) item).get("route");
                if (route != null) {
                    String id = (String) route.get("id");
                    assertThat(id).as("%s: every route needs an id", file).isNotBlank();
                    // a route switched off by configuration (autoStartup: "{{tze.queue.enabled}}") is loaded, not started
                    Object autoStartup = route.get("autoStartup");
                    boolean starts = autoStartup == null
                            || Boolean.parseBoolean(context.resolvePropertyPlaceholders(String.valueOf(autoStartup)));
                    assertThat(context.getRouteController().getRouteStatus(id)).as("%s: route %s", file, id)
                            .isEqualTo(starts ? ServiceStatus.Started : ServiceStatus.Stopped);
                }
            }
        }
    }
}
