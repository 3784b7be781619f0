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
 * Every file under routes/ parses and refers only to beans, components, endpoints, Kamelets, Kamelet
 * parameters and properties that exist; every route it defines runs. The fixtures prove the checks bite.
 */
@QuarkusTest
class RouteFilesTest {

    private static final Path ROUTES = Path.of("routes");
    private static final Path KAMELETS = ROUTES.resolve("kamelets");
    private static final Path FIXTURES = Path.of("src/test/resources/route-fixtures");

    @Inject
    CamelContext context;

    private RouteFileValidator validator() throws Exception {
        return new RouteFileValidator(context, KAMELETS, RouteFileValidator.routeFiles(ROUTES));
    }

    @Test
    void everyShippedRouteFileIsValid() throws Exception {
        RouteFileValidator validator = validator();
        List<String> problems = new ArrayList<>();
        List<Path> files = RouteFileValidator.routeFiles(ROUTES);
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            problems.addAll(validator.validate(file));
        }
        assertThat(problems).as("problems in routes/").isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyShippedRouteIsLoadedFromDiskAndStarted() throws Exception {
        for (Path file : RouteFileValidator.routeFiles(ROUTES)) {
            if (!file.toString().endsWith(".camel.yaml")) {
                continue;
            }
            List<Object> items = (List<Object>) new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file));
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

    @Test
    void invalidYamlIsReportedWithFileAndLine() throws Exception {
        assertThat(validator().validate(FIXTURES.resolve("broken-yaml.camel.yaml"))).singleElement().asString()
                .startsWith("src/test/resources/route-fixtures/broken-yaml.camel.yaml: not valid YAML")
                .contains("line 5");
    }

    @Test
    void unknownDslStepIsReported() throws Exception {
        assertThat(validator().validate(FIXTURES.resolve("unknown-step.camel.yaml"))).anySatisfy(p -> assertThat(p)
                .startsWith("src/test/resources/route-fixtures/unknown-step.camel.yaml: not a valid Camel YAML DSL file")
                .contains("sendSomewhere"));
    }

    @Test
    void unknownBeanAndMethodAreReported() throws Exception {
        assertThat(validator().validate(FIXTURES.resolve("unknown-bean.camel.yaml"))).contains(
                "src/test/resources/route-fixtures/unknown-bean.camel.yaml: bean 'noSuchBean' does not exist",
                "src/test/resources/route-fixtures/unknown-bean.camel.yaml: bean 'tokenControl' has no method 'noSuchMethod'");
    }

    @Test
    void unknownKameletAndKameletParameterAreReported() throws Exception {
        String file = "src/test/resources/route-fixtures/unknown-kamelet-parameter.camel.yaml";
        assertThat(validator().validate(FIXTURES.resolve("unknown-kamelet-parameter.camel.yaml"))).contains(
                file + ": Kamelet 'access-token-action' has no parameter 'credentail' (it has [credential, header])",
                file + ": Kamelet 'no-such-kamelet' does not exist in routes/kamelets");
    }

    @Test
    void unknownComponentDirectEndpointAndPropertyAreReported() throws Exception {
        String file = "src/test/resources/route-fixtures/unknown-endpoint.camel.yaml";
        assertThat(validator().validate(FIXTURES.resolve("unknown-endpoint.camel.yaml"))).contains(
                file + ": endpoint 'nosuchcomponent:foo' uses unknown component 'nosuchcomponent'",
                file + ": sends to direct:nobody-listens but no route file consumes it",
                file + ": property placeholder {{no.such.property}} is not configured");
    }
}
