package io.camelbundle.tze;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import freemarker.core.InvalidReferenceException;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;

/**
 * Message templates: one file {@code <name>.json} per template in {@code tze.templates-dir}
 * (routes/templates/tze). A template is a TZE wire message whose string values may hold FreeMarker
 * expressions ({@code ${name}}, {@code ${order.id}}, {@code ${note!"none"}}) filled from the request's
 * {@code data}. Each string is rendered on its own, so values never break the JSON, whatever they
 * contain. A placeholder without a value is an error naming it and its JSON path; every such problem is
 * reported at once. The rendered message then goes through {@link TzeMessageValidator} like any other.
 * Files are read on every use, so an edited template applies at once.
 */
public class TzeTemplates {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");
    private static final String SUFFIX = ".json";

    private final Path dir;
    private final Configuration freemarker;
    private final ObjectMapper json = new ObjectMapper();

    public TzeTemplates(Path dir) {
        this.dir = dir;
        this.freemarker = new Configuration(Configuration.VERSION_2_3_34);
        freemarker.setDefaultEncoding("UTF-8");
        freemarker.setNumberFormat("computer");
        freemarker.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        freemarker.setLogTemplateExceptions(false);
        freemarker.setWrapUncheckedExceptions(true);
        freemarker.setFallbackOnNullLoopVariable(false);
        // templates are data, not code: no ?new, no ?api
        freemarker.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        freemarker.setAPIBuiltinEnabled(false);
    }

    /** Names of the templates in the folder. */
    public List<String> names() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(SUFFIX))
                    .map(n -> n.substring(0, n.length() - SUFFIX.length())).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * Renders the named template with the data.
     *
     * @throws InvalidTzeMessageException unknown template, unreadable template, placeholders without a value
     */
    public ObjectNode render(String name, JsonNode data) throws InvalidTzeMessageException {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidTzeMessageException(List.of("template: '" + shorten(String.valueOf(name))
                    + "' is not a template name (letters, digits, _ . -)"));
        }
        String text;
        try {
            text = Files.readString(dir.resolve(name + SUFFIX), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidTzeMessageException(List.of("template: unknown template '" + name + "' (known: "
                    + String.join(", ", names()) + ")"));
        } catch (IOException e) {
            throw new InvalidTzeMessageException(List.of("template: '" + name + "' cannot be read: " + e.getMessage()));
        }
        JsonNode tree;
        try {
            tree = json.readTree(text);
        } catch (IOException e) {
            throw new InvalidTzeMessageException(List.of("template: '" + name + "' is not valid JSON"));
        }
        if (tree == null || !tree.isObject()) {
            throw new InvalidTzeMessageException(List.of("template: '" + name + "' is not a JSON object"));
        }
        Map<String, Object> model = data == null || data.isNull() || data.isMissingNode() ? Map.of()
                : json.convertValue(data, new TypeReference<Map<String, Object>>() {
                });
        List<String> problems = new ArrayList<>();
        JsonNode rendered = render(tree.deepCopy(), "", name, model, problems);
        if (!problems.isEmpty()) {
            throw new InvalidTzeMessageException(problems);
        }
        return (ObjectNode) rendered;
    }

    private JsonNode render(JsonNode node, String path, String name, Map<String, Object> model, List<String> problems) {
        if (node.isTextual()) {
            return new TextNode(renderString(node.textValue(), path, name, model, problems));
        }
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            List<String> fields = new ArrayList<>();
            for (Iterator<String> it = object.fieldNames(); it.hasNext();) {
                fields.add(it.next());
            }
            for (String field : fields) {
                object.set(field, render(object.get(field), path.isEmpty() ? field : path + "." + field, name, model,
                        problems));
            }
            return object;
        }
        if (node.isArray()) {
            ArrayNode array = (ArrayNode) node;
            for (int i = 0; i < array.size(); i++) {
                array.set(i, render(array.get(i), path + "[" + i + "]", name, model, problems));
            }
        }
        return node;
    }

    private String renderString(String source, String path, String name, Map<String, Object> model,
            List<String> problems) {
        if (!source.contains("${") && !source.contains("<#") && !source.contains("#{")) {
            return source;
        }
        try {
            Template template = new Template(name + ":" + path, new StringReader(source), freemarker);
            StringWriter out = new StringWriter();
            template.process(model, out);
            return out.toString();
        } catch (InvalidReferenceException e) {
            problems.add(path + ": placeholder '" + missing(e) + "' has no value in data");
        } catch (TemplateException e) {
            problems.add(path + ": cannot be rendered (" + shorten(firstLine(e.getMessageWithoutStackTop())) + ")");
        } catch (IOException e) {
            problems.add(path + ": cannot be parsed (" + shorten(firstLine(e.getMessage())) + ")");
        }
        return source;
    }

    /** The expression FreeMarker found without a value, e.g. {@code name} or {@code order.id}. */
    private static String missing(InvalidReferenceException e) {
        String blamed = e.getBlamedExpressionString();
        if (blamed != null) {
            return blamed;
        }
        TreeSet<String> guess = new TreeSet<>();
        guess.add(shorten(firstLine(e.getMessageWithoutStackTop())));
        return guess.first();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }

    private static String shorten(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }
}
