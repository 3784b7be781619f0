package io.camelbundle.om;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.camelbundle.support.StrictUtf8;

/**
 * The first step of kamelet:om-report-event-action: one OM event given as a {@link NormalizedEvent}, a JSON
 * object text (or its UTF-8 bytes) or a map becomes OM's {@code msg} (the normalised event as JSON), or an
 * {@link OmEventRejectedException} naming every problem, so nothing invalid is sent.
 */
public class OmEvents {

    /** As the file drop reads JSON Lines: a field named twice is ambiguous, floats keep their text. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };
    /** Characters of Jackson's message kept in a reason (it may quote the producer's text). */
    private static final int EXCERPT = 200;

    private final OmEventNormalizer normalizer;

    public OmEvents(OmEventNormalizer normalizer) {
        this.normalizer = normalizer;
    }

    public String msg(Object event) {
        if (event instanceof NormalizedEvent normalized) {
            return normalized.msg();
        }
        NormalizationResult result = normalizer.normalize(fields(event));
        if (result instanceof Rejection rejection) {
            throw new OmEventRejectedException(rejection.messages());
        }
        return ((NormalizedEvent) result).msg();
    }

    private static Map<String, Object> fields(Object event) {
        if (event instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            Map<String, Object> typed = (Map<String, Object>) map;
            return typed;
        }
        if (event instanceof byte[] bytes) {
            return parse(StrictUtf8.decode(bytes,
                    at -> new OmEventRejectedException(List.of("record: not valid UTF-8 (byte " + at + ")"))));
        }
        if (event instanceof String text) {
            return parse(text);
        }
        throw new OmEventRejectedException(List.of("record: expected a JSON object, got "
                + (event == null ? "nothing" : event.getClass().getSimpleName())));
    }

    /**
     * One JSON object and nothing after it: a second event in the same text (JSON Lines put on a queue) would
     * otherwise be dropped unseen, and a repeated field's last value sent.
     */
    private static Map<String, Object> parse(String text) {
        try (JsonParser parser = JSON.createParser(text.startsWith("\uFEFF") ? text.substring(1) : text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new OmEventRejectedException(List.of("record: not a JSON object"));
            }
            Map<String, Object> fields = JSON.readValue(parser, MAP);
            if (parser.nextToken() != null) {
                throw new OmEventRejectedException(List.of("record: more than one JSON value"));
            }
            return fields;
        } catch (JsonProcessingException e) {
            String why = String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("");
            throw new OmEventRejectedException(List.of("record: not valid JSON: "
                    + (why.length() <= EXCERPT ? why : why.substring(0, EXCERPT) + "...")));
        } catch (IOException e) {
            // reading from a String: only Jackson's own processing errors can occur
            throw new OmEventRejectedException(List.of("record: not valid JSON"));
        }
    }
}
