package io.camelbundle.tze;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What every trigger (queue, file line, HTTP) asks for: {@code {"personIds":[..], "template":"name",
 * "data":{..}}} or {@code {"personIds":[..], "message":{<wire message>}}}.
 */
public record TzeSendRequest(List<String> personIds, String template, JsonNode message, JsonNode data) {

    public static final int MAX_PERSONS = 1000;
    private static final Set<String> FIELDS = Set.of("personIds", "template", "message", "data");
    /**
     * What the file drop adds to each line of a {@code .failed.jsonl} (the line it came from, why): read and
     * ignored, so the file can be dropped again as it was written.
     */
    static final Set<String> REPLAY_NOTES = Set.of("_line", "_reason");
    /** A field named twice is ambiguous (which personIds were meant?): refused, not its last value taken. */
    private static final ObjectMapper JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** Parses and checks the request; every problem at once. */
    public static TzeSendRequest parse(String text) throws InvalidTzeRequestException {
        JsonNode root = null;
        if (text != null && !text.isBlank()) {
            // a byte order mark (a Windows editor's file, a producer's bytes) is not part of the request
            try (JsonParser parser = JSON.createParser(text.startsWith("\uFEFF") ? text.substring(1) : text)) {
                root = JSON.readTree(parser);
                if (parser.nextToken() != null) {
                    // two requests as one message or line: the second would be dropped unseen
                    throw new InvalidTzeRequestException(List.of("$: more than one JSON value"));
                }
            } catch (JsonProcessingException e) {
                String where = e.getLocation() == null ? ""
                        : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
                String duplicate = String.valueOf(e.getOriginalMessage()).startsWith("Duplicate field")
                        ? " (" + e.getOriginalMessage() + ")" : "";
                throw new InvalidTzeRequestException(List.of("$: malformed JSON" + where + duplicate));
            } catch (IOException e) {
                // reading from a String: only Jackson's own processing errors can occur
                throw new InvalidTzeRequestException(List.of("$: malformed JSON"));
            }
        }
        if (root == null || !root.isObject()) {
            throw new InvalidTzeRequestException(List.of("$: must be a JSON object {personIds, template or message,"
                    + " data}"));
        }
        List<String> problems = new ArrayList<>();
        for (Iterator<String> it = root.fieldNames(); it.hasNext();) {
            String name = it.next();
            if (!FIELDS.contains(name) && !REPLAY_NOTES.contains(name)) {
                problems.add(name + ": unknown field");
            }
        }
        List<String> persons = new ArrayList<>();
        JsonNode ids = root.get("personIds");
        if (ids == null || ids.isNull()) {
            problems.add("personIds: missing");
        } else if (!ids.isArray() || ids.isEmpty()) {
            problems.add("personIds: must be a non-empty JSON array of strings");
        } else {
            Set<String> seen = new LinkedHashSet<>();
            for (int i = 0; i < ids.size(); i++) {
                JsonNode id = ids.get(i);
                String problem = id.isTextual() ? TzeBindingStore.personIdProblem(id.asText())
                        : "must be a non-empty string";
                if (problem != null) {
                    problems.add("personIds[" + i + "]: " + problem);
                } else {
                    seen.add(id.asText());
                }
            }
            if (seen.size() > MAX_PERSONS) {
                problems.add("personIds: " + seen.size() + " persons, at most " + MAX_PERSONS + " per request");
            }
            persons.addAll(seen);
        }
        JsonNode template = root.get("template");
        JsonNode message = root.get("message");
        boolean hasTemplate = template != null && !template.isNull();
        boolean hasMessage = message != null && !message.isNull();
        if (hasTemplate == hasMessage) {
            problems.add("$: exactly one of 'template' and 'message' is required");
        }
        if (hasTemplate && (!template.isTextual() || template.asText().isBlank())) {
            problems.add("template: must be a template name");
        }
        if (hasMessage && !message.isObject()) {
            problems.add("message: must be a JSON object (a TZE wire message)");
        }
        JsonNode data = root.get("data");
        if (data != null && !data.isNull() && !data.isObject()) {
            problems.add("data: must be a JSON object");
        }
        if (!problems.isEmpty()) {
            throw new InvalidTzeRequestException(problems);
        }
        return new TzeSendRequest(List.copyOf(persons), hasTemplate ? template.asText() : null,
                hasMessage ? message : null, data);
    }

    /** The same request for fewer persons (what goes to a dead-letter queue or failed file). */
    public ObjectNode forPersons(List<String> only) {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode ids = out.putArray("personIds");
        only.forEach(ids::add);
        if (template != null) {
            out.put("template", template);
        } else {
            out.set("message", message);
        }
        if (data != null && !data.isNull()) {
            out.set("data", data);
        }
        return out;
    }
}
