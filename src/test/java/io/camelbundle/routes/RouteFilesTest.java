package io.camelbundle.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every file under routes/, and every YAML route quoted in README.md and docs/, parses and refers only to
 * beans, bean methods, components, endpoints, Kamelets, Kamelet parameters and properties that exist. This
 * test does not start the bundle: a route naming a bean that does not exist would stop the bundle from
 * starting, and every Quarkus test would fail without saying which file is wrong. Here the problem names the
 * file and line. The fixtures prove the checks bite; {@link ShippedRoutesStartTest} checks that the same
 * files start.
 */
class RouteFilesTest {

    static final Path ROUTES = Path.of("routes");
    static final Path KAMELETS = ROUTES.resolve("kamelets");
    private static final Path FIXTURES = Path.of("src/test/resources/route-fixtures");
    private static final Pattern YAML_BLOCK = Pattern.compile("(?m)^```yaml\\n(.*?)^```", Pattern.DOTALL);

    private static final Pattern PROPERTIES_BLOCK = Pattern.compile("(?m)^```properties\\n(.*?)^```", Pattern.DOTALL);

    private static CamelContext context;
    private static BeanIndex beans;
    private static Predicate<String> configured;
    private static RouteFileValidator validator;

    @BeforeAll
    static void start() throws Exception {
        context = new DefaultCamelContext();
        context.start();
        beans = BeanIndex.scan(Path.of("target/classes"));
        configured = configuredKeys(Path.of("config/application.properties"));
        validator = new RouteFileValidator(context, KAMELETS, RouteFileValidator.routeFiles(ROUTES), beans, configured);
    }

    @AfterAll
    static void stop() {
        context.stop();
    }

    /** Keys set in the configuration file, in any profile: the bundle reads nothing else for the routes. */
    static Predicate<String> configuredKeys(Path properties) throws IOException {
        Set<String> keys = new HashSet<>();
        for (String line : Files.readAllLines(properties)) {
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || !trimmed.contains("=")) {
                continue;
            }
            keys.add(trimmed.substring(0, trimmed.indexOf('=')).trim().replaceFirst("^%[^.]+\\.", ""));
        }
        return keys::contains;
    }

    @Test
    void everyShippedRouteFileIsValid() throws Exception {
        List<String> problems = new ArrayList<>();
        List<Path> files = RouteFileValidator.routeFiles(ROUTES);
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            problems.addAll(validator.validate(file));
        }
        assertThat(problems).as("problems in routes/").isEmpty();
    }

    @Test
    void everyRouteQuotedInTheDocsIsValid() throws Exception {
        List<Path> docs = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> files = Files.list(Path.of("docs"))) {
            files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        List<String> problems = new ArrayList<>();
        int blocks = 0;
        for (Path doc : docs) {
            String text = Files.readString(doc);
            // a document's routes may use the properties it tells the reader to set
            Set<String> documented = new HashSet<>();
            Matcher p = PROPERTIES_BLOCK.matcher(text);
            while (p.find()) {
                java.util.Properties properties = new java.util.Properties();
                properties.load(new java.io.StringReader(p.group(1)));
                documented.addAll(properties.stringPropertyNames());
            }
            RouteFileValidator validator = new RouteFileValidator(context, KAMELETS,
                    RouteFileValidator.routeFiles(ROUTES), beans, configured.or(documented::contains));
            Matcher m = YAML_BLOCK.matcher(text);
            while (m.find()) {
                String block = m.group(1);
                int firstLine = (int) text.substring(0, m.start(1)).chars().filter(c -> c == '\n').count() + 1;
                if (block.stripLeading().startsWith("- ")) { // a route file or a list of steps
                    problems.addAll(validator.validateQuoted(doc.toString(), block, firstLine));
                    blocks++;
                }
            }
        }
        assertThat(blocks).as("YAML routes quoted in the docs").isPositive();
        assertThat(problems).as("problems in routes quoted in the docs").isEmpty();
    }

    @Test
    void invalidYamlIsReportedWithFileAndLine() throws Exception {
        assertThat(validator.validate(FIXTURES.resolve("broken-yaml.camel.yaml"))).singleElement().asString()
                .startsWith("src/test/resources/route-fixtures/broken-yaml.camel.yaml: not valid YAML")
                .contains("line 5");
    }

    @Test
    void unknownDslStepIsReported() throws Exception {
        assertThat(validator.validate(FIXTURES.resolve("unknown-step.camel.yaml"))).anySatisfy(p -> assertThat(p)
                .startsWith(
                        "src/test/resources/route-fixtures/unknown-step.camel.yaml: not a valid Camel YAML DSL file")
                .contains("sendSomewhere"));
    }

    @Test
    void unknownBeanAndMethodAreReportedWithFileAndLine() throws Exception {
        String file = "src/test/resources/route-fixtures/unknown-bean.camel.yaml";
        assertThat(validator.validate(FIXTURES.resolve("unknown-bean.camel.yaml"))).containsExactlyInAnyOrder(
                file + ":7: bean 'noSuchBean' does not exist",
                file + ":10: bean 'tokenControl' has no method 'noSuchMethod'",
                file + ":13: bean 'noSuchProcessor' does not exist",
                file + ":15: bean 'noSuchClientConfigurer' does not exist");
    }

    @Test
    void aSingletonRouteWithoutShutdownRouteDeferIsReportedWithFileAndLine() throws Exception {
        String file = "src/test/resources/route-fixtures/singleton-without-defer.camel.yaml";
        assertThat(validator.validate(FIXTURES.resolve("singleton-without-defer.camel.yaml"))).containsExactly(
                file + ":4: singleton route (master:fixture-drop) needs shutdownRoute: Defer, else a graceful stop"
                        + " fails the work in flight");
    }

    @Test
    void unknownKameletAndKameletParameterAreReportedInEveryFormWithFileAndLine() throws Exception {
        String file = "src/test/resources/route-fixtures/unknown-kamelet-parameter.camel.yaml";
        String misspelt = ": Kamelet 'access-token-action' has no parameter 'credentail' (it has [credential, header])";
        assertThat(validator.validate(FIXTURES.resolve("unknown-kamelet-parameter.camel.yaml")))
                .containsExactlyInAnyOrder(
                        file + ":7" + misspelt,
                        file + ":10: Kamelet 'no-such-kamelet' does not exist in routes/kamelets",
                        file + ":11" + misspelt,
                        file + ":13" + misspelt,
                        file + ":17" + misspelt,
                        file + ":18" + misspelt,
                        file + ":20: Kamelet 'tencent-openapi-call-action' needs parameter 'apiPath'");
    }

    @Test
    void aKameletNotInTheCatalogFormatIsReportedWithFileAndLine() throws Exception {
        String file = "src/test/resources/route-fixtures/kamelets-bad/bad-format.kamelet.yaml";
        assertThat(validator.validate(FIXTURES.resolve("kamelets-bad/bad-format.kamelet.yaml")))
                .containsExactlyInAnyOrder(
                        file + ":7: a Kamelet definition needs 'type: object'",
                        file + ":8: a Kamelet's description is one line; the details belong in docs/",
                        file + ":13: Kamelet property 'clientSecret' holds a secret: declare it 'format: password'",
                        file + ":18: Kamelet property 'region' has no title",
                        file + ":18: Kamelet property 'region' has no description",
                        file + ":18: Kamelet property 'region' has no example");
    }

    @Test
    void unknownComponentDirectEndpointAndPropertyAreReportedWithFileAndLine() throws Exception {
        String file = "src/test/resources/route-fixtures/unknown-endpoint.camel.yaml";
        assertThat(validator.validate(FIXTURES.resolve("unknown-endpoint.camel.yaml"))).contains(
                file + ":8: endpoint 'nosuchcomponent:foo' uses unknown component 'nosuchcomponent'",
                file + ":9: sends to direct:nobody-listens but no route file consumes it",
                file + ":6: property placeholder {{no.such.property}} is not configured",
                file + ":11: property placeholder {{om.no-such-timeout}} is not configured");
    }

    @Test
    void aRouteQuotedInTheDocsIsReportedWithTheDocsLine() {
        String doc = "```yaml\n- to:\n    uri: kamelet:access-token-action\n    parameters:\n      credentail: om\n```\n";
        Matcher m = YAML_BLOCK.matcher(doc);
        assertThat(m.find()).isTrue();
        assertThat(validator.validateQuoted("docs/x.md", m.group(1), 40)).containsExactly(
                "docs/x.md:41: Kamelet 'access-token-action' has no parameter 'credentail' (it has [credential, header])");
    }
}
