package io.camelbundle.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.apache.camel.component.kamelet.KameletComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

import io.camelbundle.support.http.MillisFunction;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * A plain Camel context (no Quarkus) that runs the bundle's route files and Kamelets as the bundle does: the
 * given configuration for their {@code {{...}}} and {@code {{millis:...}}} placeholders, Kamelets from
 * routes/kamelets without an error handler of their own (as config/application.properties sets). Wire tests
 * bind their beans and load route files, then start it.
 */
public final class RouteFileContexts {

    private RouteFileContexts() {
    }

    public static DefaultCamelContext create(Map<String, String> config) {
        DefaultCamelContext camel = new DefaultCamelContext();
        Properties properties = new Properties();
        properties.putAll(config);
        camel.getPropertiesComponent().setOverrideProperties(properties);
        camel.getPropertiesComponent().addPropertiesFunction(new MillisFunction(new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(config, "wire-test", 500)).build()));
        camel.getComponent("kamelet", KameletComponent.class).setLocation("file:routes/kamelets");
        camel.getComponent("kamelet", KameletComponent.class).setNoErrorHandler(true);
        return camel;
    }

    /**
     * Loads a route file's routes, route configurations and error clauses without its {@code rest:} items, e.g.
     * {@code routes/tokens-api.camel.yaml}: a plain context has no HTTP server for them; tests call the
     * {@code direct:} endpoints they lead to.
     */
    public static void loadWithoutRest(DefaultCamelContext camel, String path) throws Exception {
        StringBuilder kept = new StringBuilder();
        boolean rest = false;
        for (String line : Files.readString(Path.of(path)).split("\n", -1)) {
            if (line.startsWith("- ")) {
                rest = line.startsWith("- rest:");
            }
            if (!rest) {
                kept.append(line).append('\n');
            }
        }
        PluginHelper.getRoutesLoader(camel)
                .loadRoutes(ResourceHelper.fromString(Path.of(path).getFileName().toString(), kept.toString()));
    }

    /** Loads a route file, e.g. {@code file:routes/om-delivery.camel.yaml}. */
    public static void load(DefaultCamelContext camel, String location) throws Exception {
        PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.resolveMandatoryResource(camel, location));
    }
}
