package io.camelbundle.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Seed 002's message tables (text, link, oa), transcribed for the sandbox on its own: required fields, types,
 * lengths and counts. Deliberately not the bundle's {@code TzeMessageValidator}: the stand-in checks what the
 * bundle sends, so it must not share its rules. Where the seed contradicts itself, its examples and its own
 * descriptions decide: {@code msgtype} as the examples spell it, and {@code link.picUrl} optional
 * ("如不填，在客戶端不顯示圖片").
 */
final class TzeSeedMessages {

    private static final Pattern BG_COLOR = Pattern.compile("[0-9A-Fa-f]{8}");

    private TzeSeedMessages() {
    }

    /** Every way {@code message} breaks the seed's tables; empty when it keeps them. */
    static List<String> problems(JsonNode message) {
        List<String> problems = new ArrayList<>();
        String type = text(message, "msgtype");
        if (type == null) {
            problems.add("msgtype: required");
            return problems;
        }
        if (type.length() > 10) {
            problems.add("msgtype: longer than 10 characters");
        }
        switch (type) {
            case "text" -> required(problems, message.get("text"), "text", "content");
            case "link" -> {
                JsonNode link = message.get("link");
                required(problems, link, "link", "pcUrl", "appUrl", "title", "busiId", "content");
                optional(problems, link, "link", "picUrl");
            }
            case "oa" -> oa(problems, message);
            default -> problems.add("msgtype: '" + type + "' is none of text, link, oa");
        }
        return problems;
    }

    private static void oa(List<String> problems, JsonNode message) {
        required(problems, message, "", "busiId", "pcUrl", "appUrl");
        JsonNode oa = message.get("oa");
        if (oa == null || !oa.isObject()) {
            problems.add("oa: required object");
            return;
        }
        JsonNode head = oa.get("head");
        if (head == null || !head.isObject()) {
            problems.add("oa.head: required object");
        } else {
            required(problems, head, "oa.head", "text");
            String text = text(head, "text");
            if (text != null && text.codePointCount(0, text.length()) > 255) {
                problems.add("oa.head.text: longer than 255 characters");
            }
            String bgColor = text(head, "bgColor");
            if (head.has("bgColor") && (bgColor == null || !BG_COLOR.matcher(bgColor).matches())) {
                problems.add("oa.head.bgColor: 8 hex characters without 0x");
            }
        }
        JsonNode body = oa.get("body");
        if (body == null) {
            return;
        }
        if (!body.isObject()) {
            problems.add("oa.body: an object");
            return;
        }
        optional(problems, body, "oa.body", "title", "content", "imageUrl", "fileCount", "author");
        JsonNode form = body.get("form");
        if (form != null) {
            if (!form.isArray()) {
                problems.add("oa.body.form: an array");
            } else if (form.size() > 6) {
                problems.add("oa.body.form: at most 6 entries");
            } else {
                for (int i = 0; i < form.size(); i++) {
                    optional(problems, form.get(i), "oa.body.form[" + i + "]", "key", "value");
                }
            }
        }
    }

    private static void required(List<String> problems, JsonNode parent, String path, String... fields) {
        if (parent == null || !parent.isObject()) {
            problems.add(path + ": required object");
            return;
        }
        for (String field : fields) {
            String value = text(parent, field);
            if (value == null || value.isBlank()) {
                problems.add(join(path, field) + ": required string");
            }
        }
    }

    private static void optional(List<String> problems, JsonNode parent, String path, String... fields) {
        if (parent == null || !parent.isObject()) {
            problems.add(path + ": an object");
            return;
        }
        for (String field : fields) {
            JsonNode value = parent.get(field);
            if (value != null && !value.isNull() && !value.isTextual()) {
                problems.add(join(path, field) + ": a string");
            }
        }
    }

    private static String text(JsonNode parent, String field) {
        JsonNode value = parent == null ? null : parent.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }
}
