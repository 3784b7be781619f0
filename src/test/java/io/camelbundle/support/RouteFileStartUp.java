package io.camelbundle.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

/**
 * Recreates the start-up of one routes file inside a running Quarkus test, where restarting Quarkus for every
 * repetition would be far too slow: {@link #remove} takes away the file's routes and everything their first
 * start created on the way (routes a Kamelet made from its template, cached endpoints), so the CamelContext
 * holds what it held before the file was read; {@link #load} reads the file from disk again, as the start-up
 * does. What happens between the two (messages put on a queue nobody consumes) is what the start-up meets.
 */
public final class RouteFileStartUp {

    private RouteFileStartUp() {
    }

    /**
     * Stops and removes the routes that exist among {@code routeIds} (in this order: the consumer first), then
     * every endpoint whose URI contains one of {@code endpointParts}, so the next start creates them anew.
     */
    public static void remove(CamelContext context, List<String> routeIds, List<String> endpointParts)
            throws Exception {
        for (String id : routeIds) {
            if (context.getRoute(id) != null) {
                context.getRouteController().stopRoute(id);
                context.removeRoute(id);
            }
        }
        for (Endpoint endpoint : List.copyOf(context.getEndpoints())) {
            if (endpointParts.stream().anyMatch(endpoint.getEndpointUri()::contains)) {
                context.removeEndpoint(endpoint);
            }
        }
    }

    /**
     * Loads a routes file from disk into the running context, which starts its routes as the start-up does;
     * each key of {@code replacements} (e.g. a placeholder) must occur in the file and is replaced first.
     */
    public static void load(CamelContext context, Path file, Map<String, String> replacements) throws Exception {
        String text = Files.readString(file);
        for (Map.Entry<String, String> replacement : replacements.entrySet()) {
            assertThat(text).contains(replacement.getKey());
            text = text.replace(replacement.getKey(), replacement.getValue());
        }
        PluginHelper.getRoutesLoader(context)
                .loadRoutes(ResourceHelper.fromString(file.getFileName().toString(), text));
    }
}
