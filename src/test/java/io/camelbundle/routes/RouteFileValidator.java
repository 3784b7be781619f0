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
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

import io.camelbundle.support.Secrets;

/**
 * Checks YAML route files and Kamelets before a deployment trusts them: they must parse (as YAML and as
 * Camel's YAML DSL), and every bean and bean method, component, direct endpoint, Kamelet, Kamelet parameter
 * (as {@code to: kamelet:x?p=..}, {@code to: {uri, parameters}} and {@code kamelet: {name, parameters}}) and
 * property placeholder they name must exist. Every problem starts with {@code file:line}.
 * <p>
 * Where beans and properties come from is a parameter: {@link BeanIndex} and the configuration file let it
 * run without starting the bundle (so a wrong bean name is reported here, not as a failed start of some
 * other test), and the running registry and properties let a Quarkus test cross-check the same files.
 */
public class RouteFileValidator {

    /** The type of a named bean, empty when no bean has that name. */
    @FunctionalInterface
    public interface Beans {
        Optional<Class<?>> type(String name);
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\??)([^}]+)}}");
    private static final Pattern BEAN_REF = Pattern.compile("^#(?:bean:)?([A-Za-z][A-Za-z0-9_]*)$");
    /** Property functions whose argument is a configuration key (the others read the environment). */
    private static final Set<String> KEY_FUNCTIONS = Set.of("millis");
    private static final Set<String> ENVIRONMENT_FUNCTIONS = Set.of("env", "sys", "ref", "bean");

    private final CamelContext context;
    private final Path kameletDir;
    private final Beans beans;
    private final Predicate<String> configured;
    private final Set<String> directEndpoints = new HashSet<>();

    /**
     * @param context parses the YAML DSL and resolves component names
     * @param configured whether a property key has a value
     */
    public RouteFileValidator(CamelContext context, Path kameletDir, Collection<Path> allRouteFiles, Beans beans,
            Predicate<String> configured) {
        this.context = context;
        this.kameletDir = kameletDir;
        this.beans = beans;
        this.configured = configured;
        for (Path file : allRouteFiles) {
            try {
                compose(Files.readString(file)).ifPresent(this::collectFromUris);
            } catch (RuntimeException | IOException e) {
                // reported when the file itself is validated
            }
        }
    }

    /** Beans and properties of a running context. */
    public static RouteFileValidator ofRunning(CamelContext context, Path kameletDir, Collection<Path> allRouteFiles) {
        return new RouteFileValidator(context, kameletDir, allRouteFiles, name -> {
            Object bean = context.getRegistry().lookupByName(name);
            return Optional.ofNullable(bean).map(Object::getClass);
        }, key -> {
            try {
                return context.getPropertiesComponent().resolveProperty(key).isPresent();
            } catch (RuntimeException e) {
                return false;
            }
        });
    }

    public static List<Path> routeFiles(Path routesDir) throws IOException {
        try (Stream<Path> files = Files.walk(routesDir)) {
            // kustomization.yaml files beside the routes feed the Kubernetes ConfigMaps; Camel never loads them
            return files.filter(p -> p.toString().endsWith(".camel.yaml") || p.toString().endsWith(".kamelet.yaml"))
                    .sorted().toList();
        }
    }

    public List<String> validate(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            return List.of(file + ": cannot be read: " + e.getMessage());
        }
        return validate(file.toString(), text, file.toString().endsWith(".kamelet.yaml"));
    }

    /**
     * Validates YAML given as text, e.g. a route quoted in the documentation; {@code name} is what problems
     * start with, {@code firstLine} the line of the text's first line in that file.
     */
    public List<String> validate(String name, String text, boolean kamelet) {
        return validate(name, text, kamelet, 1);
    }

    /**
     * Validates YAML quoted in a document at {@code firstLine}: a whole route file (a list whose first item is
     * a {@code route}, {@code routeConfiguration}, {@code rest} or {@code beans}) as such, a list of steps by
     * what its steps name.
     */
    public List<String> validateQuoted(String document, String text, int firstLine) {
        String first = text.stripLeading();
        boolean wholeFile = Stream.of("- route:", "- routeConfiguration:", "- rest:", "- beans:", "- from:")
                .anyMatch(first::startsWith);
        return validate(document, text, false, firstLine, wholeFile);
    }

    public List<String> validate(String name, String text, boolean kamelet, int firstLine) {
        return validate(name, text, kamelet, firstLine, true);
    }

    private List<String> validate(String name, String text, boolean kamelet, int firstLine, boolean wholeFile) {
        List<String> problems = new ArrayList<>();
        Node tree;
        try {
            Optional<Node> composed = compose(text);
            if (composed.isEmpty()) {
                return List.of(name + ":" + firstLine + ": empty");
            }
            tree = composed.get();
        } catch (RuntimeException e) {
            return List.of(name + ": not valid YAML: " + oneLine(e.getMessage()));
        }
        Where where = new Where(name, firstLine - 1);
        if (kamelet) {
            validateKamelet(where, tree, problems);
        } else if (wholeFile) {
            validateDsl(name, firstLine, text, problems);
        }
        walk(where, tree, problems, kamelet);
        if (!kamelet) {
            collectDirectTargets(where, tree, problems);
            checkSingletonsDefer(where, tree, problems);
        }
        return problems;
    }

    /**
     * A route whose consumer is master: (a singleton) must say shutdownRoute: Defer: camel-master's consumer can
     * only be shut down, not suspended, and its stop stops the route's steps, so a graceful stop (SIGTERM, a
     * rolling update) would fail the work in flight instead of finishing it.
     */
    private static void checkSingletonsDefer(Where where, Node node, List<String> problems) {
        if (node instanceof SequenceNode list) {
            for (Node item : list.getValue()) {
                Node route = get(item, "route");
                Node from = route == null ? null : get(route, "from");
                if (from != null && get(from, "uri") instanceof ScalarNode uri && uri.getValue().startsWith("master:")
                        && !(get(route, "shutdownRoute") instanceof ScalarNode defer
                                && "Defer".equals(defer.getValue()))) {
                    problems.add(where.at(uri) + ": singleton route (" + uri.getValue().split(":")[0] + ":"
                            + uri.getValue().split(":")[1] + ") needs shutdownRoute: Defer, else a graceful stop"
                            + " fails the work in flight");
                }
            }
        }
    }

    private record Where(String file, int lineOffset) {
        String at(Node node) {
            int line = node.getStartMark().map(m -> m.getLine() + 1).orElse(0) + lineOffset;
            return file + ":" + line;
        }
    }

    private static Optional<Node> compose(String text) {
        LoadSettings settings = LoadSettings.builder().build();
        return new Composer(settings, new ParserImpl(settings, new StreamReader(settings, text))).getSingleNode();
    }

    private void validateDsl(String name, int firstLine, String text, List<String> problems) {
        try {
            // the loader is chosen by the name's extension: a route quoted in a .md document is YAML too
            String fileName = Path.of(name).getFileName().toString();
            String resourceName = name.endsWith(".yaml") ? fileName : fileName.replace('.', '-') + ".camel.yaml";
            Resource resource = ResourceHelper.fromString(resourceName, text);
            Collection<RoutesBuilder> builders = PluginHelper.getRoutesLoader(context).findRoutesBuilders(resource);
            for (RoutesBuilder builder : builders) {
                if (builder instanceof RouteBuilder routeBuilder) {
                    routeBuilder.configureRoutes(context);
                }
            }
        } catch (Exception e) {
            String at = firstLine == 1 ? name : name + ":" + firstLine;
            problems.add(at + ": not a valid Camel YAML DSL file: " + oneLine(rootMessage(e)));
        }
    }

    private void validateKamelet(Where where, Node tree, List<String> problems) {
        Node spec = get(tree, "spec");
        Node definition = spec == null ? null : get(spec, "definition");
        Node template = spec == null ? null : get(spec, "template");
        if (definition == null || template == null) {
            problems.add(where.at(tree) + ": a Kamelet needs spec.definition and spec.template");
            return;
        }
        validateCatalogFormat(where, definition, problems);
        Set<String> declared = keys(get(definition, "properties")).keySet();
        forEachScalar(template, scalar -> {
            Matcher m = PLACEHOLDER.matcher(scalar.getValue());
            while (m.find()) {
                String expression = m.group(2);
                String function = expression.contains(":") ? expression.substring(0, expression.indexOf(':')) : null;
                if (function != null && KEY_FUNCTIONS.contains(function)) {
                    checkPlaceholder(where.at(scalar), false, expression, problems); // {{millis:om.send-timeout}}
                    continue;
                }
                String key = expression.split(":")[0];
                if (!declared.contains(key) && !configured.test(key)) {
                    problems.add(where.at(scalar) + ": template placeholder {{" + key
                            + "}} is neither a Kamelet property nor configured");
                }
            }
        });
    }

    /**
     * The Kamelet catalog's format, so tools (Karavan, the Kaoto designer, {@code camel catalog}) show the
     * Kamelet as its authors meant: definition {@code type: object}, a title and a one-line description;
     * every property with title, description, type and example; secrets {@code format: password}.
     */
    private static void validateCatalogFormat(Where where, Node definition, List<String> problems) {
        if (!"object".equals(scalar(get(definition, "type")))) {
            problems.add(where.at(definition) + ": a Kamelet definition needs 'type: object'");
        }
        for (String field : List.of("title", "description")) {
            String value = scalar(get(definition, field));
            if (value == null || value.isBlank()) {
                problems.add(where.at(definition) + ": a Kamelet definition has no " + field);
            }
        }
        String description = scalar(get(definition, "description"));
        if (description != null && description.strip().contains("\n")) {
            problems.add(where.at(get(definition, "description"))
                    + ": a Kamelet's description is one line; the details belong in docs/");
        }
        for (Map.Entry<String, Node> property : keys(get(definition, "properties")).entrySet()) {
            for (String field : List.of("title", "description", "type", "example")) {
                if (get(property.getValue(), field) == null) {
                    problems.add(where.at(property.getValue()) + ": Kamelet property '" + property.getKey()
                            + "' has no " + field);
                }
            }
            // a name that says it holds a secret, by the rule the bundle masks configuration values with
            if (Secrets.secretName(property.getKey())
                    && !"password".equals(scalar(get(property.getValue(), "format")))) {
                problems.add(where.at(property.getValue()) + ": Kamelet property '" + property.getKey()
                        + "' holds a secret: declare it 'format: password'");
            }
        }
    }

    private void walk(Where where, Node node, List<String> problems, boolean kamelet) {
        if (node instanceof MappingNode map) {
            Node ref = get(map, "ref");
            if (ref instanceof ScalarNode bean && !bean.getValue().contains("{{")) {
                checkBean(where.at(bean), bean.getValue(), scalar(get(map, "method")), problems);
            }
            if (get(map, "uri") instanceof ScalarNode uri) {
                checkUri(where.at(uri), uri.getValue(), keys(get(map, "parameters")), problems);
            }
            for (String key : List.of("to", "toD", "wireTap", "enrich", "pollEnrich")) {
                if (get(map, key) instanceof ScalarNode uri) {
                    checkUri(where.at(uri), uri.getValue(), Map.of(), problems);
                }
            }
            // the Kamelet EIP: kamelet: "name?p=v" or kamelet: {name, parameters}
            Node kameletStep = get(map, "kamelet");
            if (kameletStep instanceof ScalarNode uri) {
                checkUri(where.at(uri), "kamelet:" + uri.getValue(), Map.of(), problems);
            } else if (kameletStep instanceof MappingNode step && get(step, "name") instanceof ScalarNode name) {
                checkUri(where.at(name), "kamelet:" + name.getValue(), keys(get(step, "parameters")), problems);
            }
            for (NodeTuple tuple : map.getValue()) {
                walk(where, tuple.getValueNode(), problems, kamelet);
            }
        } else if (node instanceof SequenceNode list) {
            list.getValue().forEach(v -> walk(where, v, problems, kamelet));
        } else if (node instanceof ScalarNode scalar) {
            String text = scalar.getValue();
            if (!kamelet) {
                Matcher m = PLACEHOLDER.matcher(text);
                while (m.find()) {
                    checkPlaceholder(where.at(scalar), m.group(1).equals("?"), m.group(2), problems);
                }
            }
            Matcher b = BEAN_REF.matcher(text.trim());
            if (b.matches()) {
                checkBean(where.at(scalar), b.group(1), null, problems);
            }
        }
    }

    private void checkPlaceholder(String at, boolean optional, String expression, List<String> problems) {
        if (optional) {
            return;
        }
        String key = expression;
        int colon = expression.indexOf(':');
        if (colon > 0) {
            String prefix = expression.substring(0, colon);
            if (ENVIRONMENT_FUNCTIONS.contains(prefix)) {
                return;
            }
            if (!KEY_FUNCTIONS.contains(prefix)) {
                return; // key:default
            }
            key = expression.substring(colon + 1);
        }
        if (!configured.test(key)) {
            problems.add(at + ": property placeholder {{" + key + "}} is not configured");
        }
    }

    private void checkBean(String at, String bean, String method, List<String> problems) {
        Optional<Class<?>> type = beans.type(bean);
        if (type.isEmpty()) {
            problems.add(at + ": bean '" + bean + "' does not exist");
            return;
        }
        if (method != null && !method.isBlank()) {
            String methodName = method.contains("(") ? method.substring(0, method.indexOf('(')) : method;
            boolean found = Arrays.stream(type.get().getMethods()).map(Method::getName).anyMatch(methodName::equals);
            if (!found) {
                problems.add(at + ": bean '" + bean + "' has no method '" + methodName + "'");
            }
        }
    }

    private void checkUri(String at, String uri, Map<String, Node> parameters, List<String> problems) {
        if (uri.startsWith("{{")) {
            return; // the whole endpoint comes from configuration (e.g. a token URL): resolved at start-up
        }
        int colon = uri.indexOf(':');
        if (colon <= 0) {
            problems.add(at + ": endpoint '" + uri + "' has no component scheme");
            return;
        }
        String scheme = uri.substring(0, colon);
        String rest = uri.substring(colon + 1);
        String path = rest.contains("?") ? rest.substring(0, rest.indexOf('?')) : rest;
        if (scheme.contains("{{")) {
            return; // the scheme comes from configuration (e.g. a vendor's base URL): resolved at start-up
        }
        // how Camel finds a component: registered, or described by a service file on the class path (some,
        // e.g. master, cannot be created outside the running bundle, so creating one proves nothing)
        boolean known = context.hasComponent(scheme) != null || RouteFileValidator.class.getClassLoader()
                .getResource("META-INF/services/org/apache/camel/component/" + scheme) != null;
        if (!known) {
            problems.add(at + ": endpoint '" + uri + "' uses unknown component '" + scheme + "'");
            return;
        }
        if (rest.contains("?")) {
            for (String pair : rest.substring(rest.indexOf('?') + 1).split("&")) {
                Matcher bean = BEAN_REF.matcher(pair.contains("=") ? pair.substring(pair.indexOf('=') + 1) : "");
                if (bean.matches()) {
                    checkBean(at, bean.group(1), null, problems);
                }
            }
        }
        if (scheme.equals("kamelet") && !path.equals("source") && !path.equals("sink")) {
            Set<String> given = new HashSet<>(parameters.keySet());
            if (rest.contains("?")) {
                for (String pair : rest.substring(rest.indexOf('?') + 1).split("&")) {
                    given.add(pair.split("=", 2)[0]);
                }
            }
            checkKameletUse(at, path.split("/")[0], given, problems);
        }
    }

    private void checkKameletUse(String at, String name, Set<String> given, List<String> problems) {
        Path kameletFile = kameletDir.resolve(name + ".kamelet.yaml");
        if (!Files.exists(kameletFile)) {
            problems.add(at + ": Kamelet '" + name + "' does not exist in " + kameletDir);
            return;
        }
        try {
            Node definition = get(get(compose(Files.readString(kameletFile)).orElseThrow(), "spec"), "definition");
            Map<String, Node> properties = keys(get(definition, "properties"));
            for (String parameter : given) {
                if (!properties.containsKey(parameter)) {
                    problems.add(at + ": Kamelet '" + name + "' has no parameter '" + parameter + "' (it has "
                            + properties.keySet() + ")");
                }
            }
            if (get(definition, "required") instanceof SequenceNode required) {
                for (Node parameter : required.getValue()) {
                    String p = scalar(parameter);
                    boolean hasDefault = get(properties.get(p), "default") != null;
                    if (!given.contains(p) && !hasDefault) {
                        problems.add(at + ": Kamelet '" + name + "' needs parameter '" + p + "'");
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            problems.add(at + ": Kamelet '" + name + "' cannot be read: " + oneLine(String.valueOf(e.getMessage())));
        }
    }

    private void collectFromUris(Node node) {
        if (node instanceof MappingNode map) {
            Node from = get(map, "from");
            if (from != null && get(from, "uri") instanceof ScalarNode uri && uri.getValue().startsWith("direct:")) {
                directEndpoints.add(uri.getValue().substring("direct:".length()).split("\\?")[0]);
            }
            map.getValue().forEach(t -> collectFromUris(t.getValueNode()));
        } else if (node instanceof SequenceNode list) {
            list.getValue().forEach(this::collectFromUris);
        }
    }

    /** Direct endpoints a file sends to that no route file consumes. */
    private void collectDirectTargets(Where where, Node node, List<String> problems) {
        if (node instanceof MappingNode map) {
            Node to = get(map, "to");
            Node uri = to instanceof MappingNode m ? get(m, "uri") : to;
            if (uri instanceof ScalarNode s && s.getValue().startsWith("direct:")) {
                String target = s.getValue().substring("direct:".length()).split("\\?")[0];
                if (!directEndpoints.contains(target)) {
                    problems.add(where.at(s) + ": sends to direct:" + target + " but no route file consumes it");
                }
            }
            map.getValue().forEach(t -> collectDirectTargets(where, t.getValueNode(), problems));
        } else if (node instanceof SequenceNode list) {
            list.getValue().forEach(v -> collectDirectTargets(where, v, problems));
        }
    }

    private static Node get(Node node, String key) {
        if (node instanceof MappingNode map) {
            for (NodeTuple tuple : map.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                    return tuple.getValueNode();
                }
            }
        }
        return null;
    }

    private static Map<String, Node> keys(Node node) {
        Map<String, Node> keys = new LinkedHashMap<>();
        if (node instanceof MappingNode map) {
            for (NodeTuple tuple : map.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode k) {
                    keys.put(k.getValue(), tuple.getValueNode());
                }
            }
        }
        return keys;
    }

    private static String scalar(Node node) {
        return node instanceof ScalarNode s ? s.getValue() : null;
    }

    private static void forEachScalar(Node node, java.util.function.Consumer<ScalarNode> action) {
        if (node instanceof ScalarNode s) {
            action.accept(s);
        } else if (node instanceof MappingNode map) {
            map.getValue().forEach(t -> forEachScalar(t.getValueNode(), action));
        } else if (node instanceof SequenceNode list) {
            list.getValue().forEach(v -> forEachScalar(v, action));
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
