package io.camelbundle.tze;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.camelbundle.tze.TzeMessage.Body;
import io.camelbundle.tze.TzeMessage.FormEntry;
import io.camelbundle.tze.TzeMessage.Head;
import io.camelbundle.tze.TzeMessage.LinkMessage;
import io.camelbundle.tze.TzeMessage.OaMessage;
import io.camelbundle.tze.TzeMessage.TextMessage;

/**
 * Reads, checks and writes TZE message bodies as seed 002 describes them (docs/tze.md lists the rules). The
 * bundle checks every message with it before anything is sent; the sandbox checks what it receives against
 * its own transcription of the seed first ({@code sandbox.TzeSeedMessages}), then with this one as well.
 *
 * <p>Rules, and where they come from:
 * <ul>
 * <li>{@code msgtype} is spelled in lower case on the wire (every vendor example; the field table says
 * {@code msgType}). It is {@code text}, {@code link} or {@code oa}.</li>
 * <li>Required: text {@code text.content}; link {@code pcUrl}, {@code appUrl}, {@code title},
 * {@code busiId}, {@code content}; oa {@code busiId}, {@code pcUrl}, {@code appUrl}, {@code oa.head.text}.
 * {@code link.picUrl} is optional although the table marks it 必选: its own description says the client
 * simply shows no picture without it. Required strings must not be blank.</li>
 * <li>{@code oa.head.text} has at most 255 characters (Unicode code points; the vendor does not say
 * whether it counts bytes).</li>
 * <li>{@code oa.head.bgColor} is exactly 8 hex digits, alpha first, without {@code 0x}; absent means
 * {@code FFCC0000}, which is then written on the wire.</li>
 * <li>{@code oa.body.form} has at most 6 entries; an entry's {@code key} and {@code value} are optional
 * (5.2.7, 5.2.8: 可選), so an absent or empty one is accepted and an absent one is not written.</li>
 * <li>Every URL is absolute http or https. {@code link.picUrl} and {@code oa.body.imageUrl} may have any
 * path: "支持JPG、PNG格式" names the picture's format, not the URL's suffix, and CDN URLs often have
 * none; whether the picture is a JPG or PNG only its server knows.</li>
 * <li>Unknown fields are refused (with a hint when only the case differs, e.g. {@code picurl}): the wire
 * JSON is written from the model, so an unknown field would otherwise vanish silently. {@code fileCount}
 * is a string on the wire; a JSON number is accepted and written as a string.</li>
 * </ul>
 * Every problem is collected, each prefixed with its JSON path; a field already reported for its type is
 * not reported again for its value.
 */
public class TzeMessageValidator {

    public static final int HEAD_TEXT_MAX = 255;
    public static final int FORM_MAX = 6;
    public static final Set<String> MSGTYPES = Set.of(TextMessage.TYPE, LinkMessage.TYPE, OaMessage.TYPE);

    private static final Pattern HEX8 = Pattern.compile("[0-9A-Fa-f]{8}");
    private static final int QUOTE_MAX = 80;

    private final ObjectMapper json = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** Parses and checks a message given as JSON text. */
    public TzeMessage parse(String text) throws InvalidTzeMessageException {
        JsonNode root;
        try {
            root = text == null ? null : json.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new InvalidTzeMessageException(List.of("$: malformed JSON" + where + " (" + shorten(firstLine(
                    e.getOriginalMessage()), 120) + ")"));
        }
        return parse(root);
    }

    /** Parses and checks a message given as a Jackson tree. */
    public TzeMessage parse(JsonNode root) throws InvalidTzeMessageException {
        if (root == null || !root.isObject()) {
            throw new InvalidTzeMessageException(List.of("$: must be a JSON object"));
        }
        Problems problems = new Problems();
        String type = string(root, "msgtype", "msgtype", problems);
        TzeMessage message = null;
        if (type == null && !problems.has("msgtype")) {
            String misspelled = null;
            for (Iterator<String> it = root.fieldNames(); it.hasNext();) {
                String name = it.next();
                misspelled = name.equalsIgnoreCase("msgtype") ? name : misspelled;
            }
            problems.add("msgtype", misspelled == null ? "missing"
                    : "missing ('" + misspelled + "' found: the wire name is all lower case)");
        } else if (type != null && !MSGTYPES.contains(type)) {
            problems.add("msgtype", quote(type) + " is not one of text, link, oa");
        }
        if (TextMessage.TYPE.equals(type)) {
            message = readText(root, problems);
        } else if (LinkMessage.TYPE.equals(type)) {
            message = readLink(root, problems);
        } else if (OaMessage.TYPE.equals(type)) {
            message = readOa(root, problems);
        }
        // without a known type nothing else can be judged
        if (message != null) {
            check(message, problems);
        }
        if (!problems.isEmpty()) {
            throw new InvalidTzeMessageException(problems.list());
        }
        return message;
    }

    /** Every problem of a message built in Java (empty when it may be sent). */
    public List<String> problems(TzeMessage message) {
        Problems problems = new Problems();
        if (message == null) {
            problems.add("$", "missing");
        } else {
            check(message, problems);
        }
        return problems.list();
    }

    /** The exact wire JSON of a message, after checking it: nothing invalid ever leaves this method. */
    public ObjectNode toWire(TzeMessage message) throws InvalidTzeMessageException {
        List<String> found = problems(message);
        if (!found.isEmpty()) {
            throw new InvalidTzeMessageException(found);
        }
        ObjectNode root = json.createObjectNode();
        root.put("msgtype", message.msgtype());
        if (message instanceof TextMessage text) {
            root.putObject("text").put("content", text.content());
        } else if (message instanceof LinkMessage link) {
            ObjectNode l = root.putObject("link");
            l.put("pcUrl", link.pcUrl());
            l.put("appUrl", link.appUrl());
            if (link.picUrl() != null) {
                l.put("picUrl", link.picUrl());
            }
            l.put("title", link.title());
            l.put("busiId", link.busiId());
            l.put("content", link.content());
        } else if (message instanceof OaMessage oa) {
            root.put("busiId", oa.busiId());
            root.put("pcUrl", oa.pcUrl());
            root.put("appUrl", oa.appUrl());
            ObjectNode o = root.putObject("oa");
            o.putObject("head").put("text", oa.head().text()).put("bgColor", oa.head().effectiveBgColor());
            Body body = oa.body();
            if (body != null) {
                ObjectNode b = o.putObject("body");
                putIfPresent(b, "title", body.title());
                putIfPresent(b, "content", body.content());
                putIfPresent(b, "imageUrl", body.imageUrl());
                putIfPresent(b, "fileCount", body.fileCount());
                putIfPresent(b, "author", body.author());
                if (body.form() != null) {
                    ArrayNode form = b.putArray("form");
                    for (FormEntry entry : body.form()) {
                        ObjectNode e = form.addObject();
                        putIfPresent(e, "key", entry.key());
                        putIfPresent(e, "value", entry.value());
                    }
                }
            }
        }
        return root;
    }

    /** {@link #toWire(TzeMessage)} as text. */
    public String toWireJson(TzeMessage message) throws InvalidTzeMessageException {
        return toWire(message).toString();
    }

    // --- reading: structure and types -------------------------------------------------------------------

    private TextMessage readText(JsonNode root, Problems p) {
        onlyFields(root, "", Set.of("msgtype", "text"), p);
        JsonNode text = requiredObject(root, "text", "text", p);
        if (text == null) {
            return new TextMessage(null);
        }
        onlyFields(text, "text.", Set.of("content"), p);
        return new TextMessage(string(text, "content", "text.content", p));
    }

    private LinkMessage readLink(JsonNode root, Problems p) {
        onlyFields(root, "", Set.of("msgtype", "link"), p);
        JsonNode link = requiredObject(root, "link", "link", p);
        if (link == null) {
            return new LinkMessage(null, null, null, null, null, null);
        }
        onlyFields(link, "link.", Set.of("pcUrl", "appUrl", "picUrl", "title", "busiId", "content"), p);
        return new LinkMessage(string(link, "pcUrl", "link.pcUrl", p), string(link, "appUrl", "link.appUrl", p),
                string(link, "picUrl", "link.picUrl", p), string(link, "title", "link.title", p),
                string(link, "busiId", "link.busiId", p), string(link, "content", "link.content", p));
    }

    private OaMessage readOa(JsonNode root, Problems p) {
        onlyFields(root, "", Set.of("msgtype", "busiId", "pcUrl", "appUrl", "oa"), p);
        String busiId = string(root, "busiId", "busiId", p);
        String pcUrl = string(root, "pcUrl", "pcUrl", p);
        String appUrl = string(root, "appUrl", "appUrl", p);
        JsonNode oa = requiredObject(root, "oa", "oa", p);
        Head head = null;
        Body body = null;
        if (oa != null) {
            onlyFields(oa, "oa.", Set.of("head", "body"), p);
            JsonNode h = object(oa, "head", "oa.head", p);
            if (h != null) {
                onlyFields(h, "oa.head.", Set.of("text", "bgColor"), p);
                head = new Head(string(h, "text", "oa.head.text", p), string(h, "bgColor", "oa.head.bgColor", p));
            }
            JsonNode b = object(oa, "body", "oa.body", p);
            if (b != null) {
                onlyFields(b, "oa.body.", Set.of("title", "content", "imageUrl", "fileCount", "author", "form"), p);
                body = new Body(string(b, "title", "oa.body.title", p), string(b, "content", "oa.body.content", p),
                        string(b, "imageUrl", "oa.body.imageUrl", p), fileCount(b, p),
                        string(b, "author", "oa.body.author", p), form(b, p));
            }
        }
        return new OaMessage(busiId, pcUrl, appUrl, head, body);
    }

    private String fileCount(JsonNode body, Problems p) {
        JsonNode n = body.get("fileCount");
        if (n != null && n.isIntegralNumber()) {
            return n.asText(); // display-only count: a number is as good as its decimal string
        }
        return string(body, "fileCount", "oa.body.fileCount", p);
    }

    private List<FormEntry> form(JsonNode body, Problems p) {
        JsonNode form = body.get("form");
        if (form == null || form.isNull()) {
            return null;
        }
        if (!form.isArray()) {
            p.add("oa.body.form", "must be a JSON array, was " + kind(form));
            return null;
        }
        List<FormEntry> entries = new ArrayList<>();
        for (int i = 0; i < form.size(); i++) {
            String path = "oa.body.form[" + i + "]";
            JsonNode e = form.get(i);
            if (e == null || !e.isObject()) {
                p.add(path, "must be a JSON object, was " + kind(e));
                entries.add(new FormEntry(null, null));
                continue;
            }
            onlyFields(e, path + ".", Set.of("key", "value"), p);
            entries.add(new FormEntry(string(e, "key", path + ".key", p), string(e, "value", path + ".value", p)));
        }
        return entries;
    }

    private JsonNode requiredObject(JsonNode parent, String field, String path, Problems p) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            p.add(path, "missing");
            return null;
        }
        return object(parent, field, path, p);
    }

    private JsonNode object(JsonNode parent, String field, String path, Problems p) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            p.add(path, "must be a JSON object, was " + kind(n));
            return null;
        }
        return n;
    }

    private static String string(JsonNode parent, String field, String path, Problems p) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            p.add(path, "must be a string, was " + kind(n));
            return null;
        }
        return n.textValue();
    }

    private static void onlyFields(JsonNode object, String prefix, Set<String> allowed, Problems p) {
        for (Iterator<String> it = object.fieldNames(); it.hasNext();) {
            String name = it.next();
            if (allowed.contains(name)) {
                continue;
            }
            String hint = allowed.stream().filter(a -> a.equalsIgnoreCase(name)).findFirst()
                    .map(a -> " (did you mean '" + a + "'?)").orElse("");
            p.add(prefix + name, "unknown field" + hint);
        }
    }

    // --- checking: presence and values ------------------------------------------------------------------

    private void check(TzeMessage message, Problems p) {
        if (message instanceof TextMessage text) {
            required(p, "text.content", text.content());
        } else if (message instanceof LinkMessage link) {
            url(p, "link.pcUrl", link.pcUrl(), true);
            url(p, "link.appUrl", link.appUrl(), true);
            url(p, "link.picUrl", link.picUrl(), false);
            required(p, "link.title", link.title());
            required(p, "link.busiId", link.busiId());
            required(p, "link.content", link.content());
        } else if (message instanceof OaMessage oa) {
            required(p, "busiId", oa.busiId());
            url(p, "pcUrl", oa.pcUrl(), true);
            url(p, "appUrl", oa.appUrl(), true);
            checkHead(oa.head(), p);
            checkBody(oa.body(), p);
        }
    }

    private void checkHead(Head head, Problems p) {
        if (head == null) {
            if (!p.has("oa.head")) {
                p.add("oa.head", "missing");
            }
            return;
        }
        if (required(p, "oa.head.text", head.text())) {
            int length = head.text().codePointCount(0, head.text().length());
            if (length > HEAD_TEXT_MAX) {
                p.add("oa.head.text", length + " characters, at most " + HEAD_TEXT_MAX);
            }
        }
        String color = head.bgColor();
        if (color != null && !p.has("oa.head.bgColor")) {
            if (color.regionMatches(true, 0, "0x", 0, 2)) {
                p.add("oa.head.bgColor", quote(color) + " must not start with 0x: 8 hex digits, alpha first, e.g. "
                        + Head.DEFAULT_BG_COLOR);
            } else if (!HEX8.matcher(color).matches()) {
                p.add("oa.head.bgColor", quote(color) + " is not 8 hex digits (alpha first, e.g. "
                        + Head.DEFAULT_BG_COLOR + ")");
            }
        }
    }

    private void checkBody(Body body, Problems p) {
        if (body == null) {
            return;
        }
        url(p, "oa.body.imageUrl", body.imageUrl(), false);
        List<FormEntry> form = body.form();
        if (form == null) {
            return;
        }
        if (form.size() > FORM_MAX) {
            // noted without marking the path: the entries are still checked one by one
            p.note("oa.body.form", form.size() + " entries, at most " + FORM_MAX);
        }
        for (int i = 0; i < form.size(); i++) {
            String path = "oa.body.form[" + i + "]";
            if (form.get(i) == null && !p.has(path)) {
                p.add(path, "missing");
            }
        }
    }

    /** True if the value is present and not blank; otherwise reports why (unless already reported). */
    private static boolean required(Problems p, String path, String value) {
        if (p.has(path)) {
            return false;
        }
        if (value == null) {
            p.add(path, "missing");
            return false;
        }
        if (value.isBlank()) {
            p.add(path, "must not be empty");
            return false;
        }
        return true;
    }

    private static void url(Problems p, String path, String value, boolean required) {
        if (required ? !required(p, path, value) : value == null || p.has(path)) {
            return;
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            p.add(path, quote(value) + " is not a valid URL");
            return;
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || uri.getHost() == null || uri.getHost().isBlank()) {
            p.add(path, quote(value) + " is not an absolute http(s) URL");
        }
    }

    // --- small helpers ----------------------------------------------------------------------------------

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static String kind(JsonNode n) {
        return n == null ? "null" : n.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    private static String quote(String value) {
        return "'" + shorten(value, QUOTE_MAX) + "'";
    }

    private static String shorten(String value, int max) {
        if (value == null) {
            return "";
        }
        return value.codePointCount(0, value.length()) <= max ? value
                : value.substring(0, value.offsetByCodePoints(0, max)) + "...";
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }

    /** Problems in the order found; remembers reported paths so a child of a broken field is skipped. */
    private static final class Problems {
        private final List<String> list = new ArrayList<>();
        private final Set<String> paths = new LinkedHashSet<>();

        void add(String path, String what) {
            note(path, what);
            paths.add(path);
        }

        /** A problem about a value as a whole that says nothing about its children. */
        void note(String path, String what) {
            list.add(path + ": " + what);
        }

        boolean has(String path) {
            for (String reported : paths) {
                if (path.equals(reported) || path.startsWith(reported + ".") || path.startsWith(reported + "[")) {
                    return true;
                }
            }
            return false;
        }

        boolean isEmpty() {
            return list.isEmpty();
        }

        List<String> list() {
            return List.copyOf(list);
        }
    }
}
