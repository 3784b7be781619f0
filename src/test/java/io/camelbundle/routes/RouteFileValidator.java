package io.camelbundle.routes;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Checks YAML route files and Kamelets before a deployment trusts them: they must parse (as YAML and as
 * Camel's YAML DSL), and every bean, component, direct endpoint, Kamelet, Kamelet parameter and property
 * placeholder they name must exist in the running bundle. Every problem names the file.
 */
public class RouteFileValidator {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\??([^}]+)}}");
    private static final Pattern BEAN_REF = Pattern.compile("#(?:bean:)?([A-Za-z][A-Za-z0-9_]*)");

    private final CamelContext context;
    private final Path kameletDir;
    private final Set<String> directEndpoints = new HashSet<>();

    public RouteFileValidator(CamelContext context, Path kameletDir, Collection<Path> allRouteFiles) {
        this.context = context;
        this.kameletDir = kameletDir;
        for (Path file : allRouteFiles) {
            try {
                collectFromUris(new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file)));
            } catch (RuntimeException | IOException e) {
                // reported when the file itself is validated
            }
        }
    }

    public static List<Path> routeFiles(Path routesDir) throws IOException {
        try (Stream<Path> files = Files.walk(routesDir)) {
            // kustomization.yaml files beside the routes feed the Kubernetes ConfigMaps; Camel never loads them
            return files.filter(p -> p.toString().endsWith(".camel.yaml") || p.toString().endsWith(".kamelet.yaml"))
                    .sorted().toList();
        }
    }

    public List<String> validate(Path file) {
        List<String> problems = new ArrayList<>();
        String name = file.toString();
        Object tree;
        try {
            tree = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file));
        } catch (IOException e) {
            return List.of(name + ": cannot be read: " + e.getMessage());
        } catch (RuntimeException e) {
            return List.of(name + ": not valid YAML: " + oneLine(e.getMessage()));
        }
        boolean kamelet = name.endsWith(".kamelet.yaml");
        if (kamelet) {
            validateKamelet(name, tree, problems);
        } else {
            validateDsl(file, problems);
        }
        walk(name, tree, problems, kamelet);
        if (!kamelet) {
            problems.addAll(danglingDirects(file));
        }
        return problems;
    }

    private void validateDsl(Path file, List<String> problems) {
        try {
            Resource resource = ResourceHelper.resolveMandatoryResource(context, "file:" + file.toAbsolutePath());
            Collection<RoutesBuilder> builders = PluginHelper.getRoutesLoader(context).findRoutesBuilders(resource);
            for (RoutesBuilder builder : builders) {
                if (builder instanceof RouteBuilder routeBuilder) {
                    routeBuilder.configureRoutes(context);
                }
            }
        } catch (Exception e) {
            problems.add(file + ": not a valid Camel YAML DSL file: " + oneLine(rootMessage(e)));
        }
    }

    @SuppressWarnings("unchecked")
    private void validateKamelet(String name, Object tree, List<String> problems) {
        Map<String, Object> spec = tree instanceof Map<?, ?> m ? (Map<String, Object>) m.get("spec") : null;
        Map<String, Object> definition = spec == null ? null : (Map<String, Object>) spec.get("definition");
        if (spec == null || definition == null || spec.get("template") == null) {
            problems.add(name + ": a Kamelet needs spec.definition and spec.template");
            return;
        }
        Set<String> declared = properties(definition).keySet();
        Matcher m = PLACEHOLDER.matcher(String.valueOf(spec.get("template")));
        while (m.find()) {
            String key = m.group(1).split(":")[0];
            if (!declared.contains(key) && !resolvable(key)) {
                problems.add(name + ": template placeholder {{" + key + "}} is neither a Kamelet property nor configured");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void walk(String file, Object node, List<String> problems, boolean kamelet) {
        if (node instanceof Map<?, ?> raw) {
            Map<String, Object> map = (Map<String, Object>) raw;
            Object ref = map.get("ref");
            if (ref instanceof String bean && !bean.contains("{{")) {
                checkBean(file, bean, map.get("method"), problems);
            }
            Object uri = map.get("uri");
            if (uri instanceof String u) {
                checkUri(file, u, map.get("parameters"), problems);
            }
            for (String key : List.of("to", "toD", "wireTap", "enrich", "pollEnrich")) {
                if (map.get(key) instanceof String u) {
                    checkUri(file, u, null, problems);
                }
            }
            map.values().forEach(v -> walk(file, v, problems, kamelet));
        } else if (node instanceof List<?> list) {
            list.forEach(v -> walk(file, v, problems, kamelet));
        } else if (node instanceof String text) {
            if (!kamelet) {
                Matcher m = PLACEHOLDER.matcher(text);
                while (m.find()) {
                    String key = m.group(1).split(":")[0];
                    if (!m.group(0).startsWith("{{?") && !m.group(1).contains(":") && !resolvable(key)) {
                        problems.add(file + ": property placeholder {{" + key + "}} is not configured");
                    }
                }
            }
            Matcher b = BEAN_REF.matcher(text);
            while (b.find()) {
                if (text.startsWith("#")) {
                    checkBean(file, b.group(1), null, problems);
                }
            }
        }
    }

    private void checkBean(String file, String bean, Object method, List<String> problems) {
        Object instance = context.getRegistry().lookupByName(bean);
        if (instance == null) {
            problems.add(file + ": bean '" + bean + "' does not exist");
            return;
        }
        if (method instanceof String m && !m.isBlank()) {
            String methodName = m.contains("(") ? m.substring(0, m.indexOf('(')) : m;
            boolean found = Arrays.stream(instance.getClass().getMethods()).map(Method::getName)
                    .anyMatch(methodName::equals);
            if (!found) {
                problems.add(file + ": bean '" + bean + "' has no method '" + methodName + "'");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void checkUri(String file, String uri, Object parameters, List<String> problems) {
        int colon = uri.indexOf(':');
        if (colon <= 0) {
            problems.add(file + ": endpoint '" + uri + "' has no component scheme");
            return;
        }
        String scheme = uri.substring(0, colon);
        String rest = uri.substring(colon + 1);
        String path = rest.contains("?") ? rest.substring(0, rest.indexOf('?')) : rest;
        try {
            if (context.getComponent(scheme) == null) {
                problems.add(file + ": endpoint '" + uri + "' uses unknown component '" + scheme + "'");
                return;
            }
        } catch (RuntimeException e) {
            problems.add(file + ": endpoint '" + uri + "' uses unknown component '" + scheme + "'");
            return;
        }
        if (scheme.equals("kamelet") && !path.equals("source") && !path.equals("sink")) {
            Map<String, Object> given = new LinkedHashMap<>();
            if (rest.contains("?")) {
                for (String pair : rest.substring(rest.indexOf('?') + 1).split("&")) {
                    given.put(pair.split("=", 2)[0], pair);
                }
            }
            if (parameters instanceof Map<?, ?> p) {
                given.putAll((Map<String, Object>) p);
            }
            checkKameletUse(file, path.split("/")[0], given, problems);
        }
    }

    @SuppressWarnings("unchecked")
    private void checkKameletUse(String file, String name, Map<String, Object> given, List<String> problems) {
        Path kameletFile = kameletDir.resolve(name + ".kamelet.yaml");
        if (!Files.exists(kameletFile)) {
            problems.add(file + ": Kamelet '" + name + "' does not exist in " + kameletDir);
            return;
        }
        try {
            Map<String, Object> tree = (Map<String, Object>) new Load(LoadSettings.builder().build())
                    .loadFromString(Files.readString(kameletFile));
            Map<String, Object> definition = (Map<String, Object>) ((Map<String, Object>) tree.get("spec")).get("definition");
            Map<String, Object> properties = properties(definition);
            for (String parameter : given.keySet()) {
                if (!properties.containsKey(parameter)) {
                    problems.add(file + ": Kamelet '" + name + "' has no parameter '" + parameter + "' (it has "
                            + properties.keySet() + ")");
                }
            }
            List<String> required = (List<String>) definition.getOrDefault("required", List.of());
            for (String parameter : required) {
                Object declared = properties.get(parameter);
                boolean hasDefault = declared instanceof Map<?, ?> d && d.containsKey("default");
                if (!given.containsKey(parameter) && !hasDefault) {
                    problems.add(file + ": Kamelet '" + name + "' needs parameter '" + parameter + "'");
                }
            }
        } catch (IOException | RuntimeException e) {
            problems.add(file + ": Kamelet '" + name + "' cannot be read: " + oneLine(e.getMessage()));
        }
    }

    @SuppressWarnings("unchecked")
    private void collectFromUris(Object node) {
        if (node instanceof Map<?, ?> raw) {
            Map<String, Object> map = (Map<String, Object>) raw;
            if (map.get("from") instanceof Map<?, ?> from && from.get("uri") instanceof String uri
                    && uri.startsWith("direct:")) {
                directEndpoints.add(uri.substring("direct:".length()).split("\\?")[0]);
            }
            map.values().forEach(this::collectFromUris);
        } else if (node instanceof List<?> list) {
            list.forEach(this::collectFromUris);
        }
    }

    /** Direct endpoints a file sends to that no route file consumes. */
    @SuppressWarnings("unchecked")
    public List<String> danglingDirects(Path file) {
        List<String> problems = new ArrayList<>();
        try {
            Object tree = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file));
            collectDirectTargets(file.toString(), tree, problems);
        } catch (IOException | RuntimeException e) {
            // parse problems are reported by validate()
        }
        return problems;
    }

    @SuppressWarnings("unchecked")
    private void collectDirectTargets(String file, Object node, List<String> problems) {
        if (node instanceof Map<?, ?> raw) {
            Map<String, Object> map = (Map<String, Object>) raw;
            for (Map.Entry<String, Object> e : map.entrySet()) {
                String uri = null;
                if (e.getKey().equals("to") && e.getValue() instanceof String s) {
                    uri = s;
                } else if (e.getKey().equals("to") && e.getValue() instanceof Map<?, ?> m && m.get("uri") instanceof String s) {
                    uri = s;
                }
                if (uri != null && uri.startsWith("direct:")) {
                    String target = uri.substring("direct:".length()).split("\\?")[0];
                    if (!directEndpoints.contains(target)) {
                        problems.add(file + ": sends to direct:" + target + " but no route file consumes it");
                    }
                }
                collectDirectTargets(file, e.getValue(), problems);
            }
        } else if (node instanceof List<?> list) {
            list.forEach(v -> collectDirectTargets(file, v, problems));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(Map<String, Object> definition) {
        Object properties = definition.get("properties");
        return properties instanceof Map<?, ?> p ? (Map<String, Object>) p : Map.of();
    }

    private boolean resolvable(String key) {
        try {
            return context.getPropertiesComponent().resolveProperty(key).isPresent();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        StringBuilder message = new StringBuilder(String.valueOf(e.getMessage()));
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
            message.append(" / ").append(t.getMessage());
        }
        return message.toString();
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s*\\n\\s*", " ").trim();
    }
}
