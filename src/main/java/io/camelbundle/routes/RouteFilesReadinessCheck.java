package io.camelbundle.routes;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.camel.CamelContext;
import org.apache.camel.util.AntPathMatcher;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import io.camelbundle.vendors.VendorList;

/**
 * Readiness: DOWN, naming the file, while a route file's routes are not running. Camel (4.14) reloads a saved
 * route file in dev mode by removing its routes and loading the new version; when that fails (a wrong bean
 * name, a bad step) the routes stay removed and only a log line says so. This check compares the route ids
 * each file under {@code camel.main.routes-include-pattern} declares (less those excluded: the route files of
 * vendors not in {@code bundle.vendors}, or {@code camel.main.routes-exclude-pattern}) with the routes Camel runs, so the
 * failure is visible where operators and tooling look. A route switched off by configuration is loaded
 * (stopped) and counts as present.
 */
@Readiness
@ApplicationScoped
public class RouteFilesReadinessCheck implements HealthCheck {

    private record Declared(FileTime modified, long size, List<String> routeIds, String problem) {
    }

    private final CamelContext camel;
    private final Path directory;
    private final String glob;
    /** Ant patterns of the files Camel does not load (the vendors left out, or the operator's own). */
    private final List<String> excluded;
    /** One entry per route file, re-read only when the file changes. */
    private final Map<Path, Declared> declared = new ConcurrentHashMap<>();

    @Inject
    RouteFilesReadinessCheck(CamelContext camel,
            @ConfigProperty(name = "camel.main.routes-include-pattern") String includePattern,
            @ConfigProperty(name = "camel.main.routes-exclude-pattern") Optional<String> excludePattern,
            VendorList vendors) {
        this(camel, includePattern, excludePattern.orElse(vendors.routesExcludePattern()));
    }

    RouteFilesReadinessCheck(CamelContext camel, String includePattern, String excludePattern) {
        this.camel = camel;
        this.excluded = Arrays.stream(excludePattern.split(",")).map(String::trim).filter(p -> !p.isEmpty())
                .map(p -> p.replaceFirst("^file:", "")).toList();
        // file:routes/*.camel.yaml: the directory and the glob of the one pattern the bundle uses
        String path = includePattern.split(",")[0].trim().replaceFirst("^file:", "");
        int slash = path.lastIndexOf('/');
        this.directory = Path.of(slash < 0 ? "." : path.substring(0, slash));
        this.glob = slash < 0 ? path : path.substring(slash + 1);
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("route-files");
        Map<String, String> problems = new TreeMap<>();
        int files = 0;
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, glob)) {
            for (Path file : stream) {
                String path = file.toString().replace('\\', '/').replaceFirst("^/", "");
                if (excluded.stream().anyMatch(p -> AntPathMatcher.INSTANCE.match(p, path))) {
                    continue;
                }
                files++;
                Declared routes = declared(file);
                if (routes.problem() != null) {
                    problems.put(file.toString(), routes.problem());
                    continue;
                }
                List<String> missing = routes.routeIds().stream().filter(id -> camel.getRoute(id) == null).toList();
                if (!missing.isEmpty()) {
                    problems.put(file.toString(), "routes " + missing + " are not running: the file failed to load"
                            + " (the log says why)");
                }
            }
        } catch (IOException e) {
            return builder.down().withData("error", "cannot list " + directory + ": " + e.getClass().getSimpleName())
                    .build();
        }
        declared.keySet().removeIf(file -> !Files.exists(file));
        builder.withData("files", files);
        problems.forEach(builder::withData);
        return problems.isEmpty() ? builder.up().build() : builder.down().build();
    }

    private Declared declared(Path file) {
        FileTime modified;
        long size;
        try {
            modified = Files.getLastModifiedTime(file);
            size = Files.size(file);
        } catch (IOException e) {
            return new Declared(null, -1, List.of(), "cannot be read");
        }
        Declared known = declared.get(file);
        if (known != null && modified.equals(known.modified()) && size == known.size()) {
            return known;
        }
        Declared read = read(file, modified, size);
        declared.put(file, read);
        return read;
    }

    private static Declared read(Path file, FileTime modified, long size) {
        Object tree;
        try {
            tree = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file));
        } catch (IOException | RuntimeException e) {
            return new Declared(modified, size, List.of(), "not valid YAML: its routes are not running");
        }
        List<String> ids = new ArrayList<>();
        if (tree instanceof List<?> items) {
            for (Object item : items) {
                if (item instanceof Map<?, ?> map && map.get("route") instanceof Map<?, ?> route
                        && route.get("id") instanceof String id) {
                    ids.add(id);
                }
            }
        }
        return new Declared(modified, size, List.copyOf(ids), null);
    }
}
