package io.camelbundle.om;

import java.util.List;
import java.util.Map;

import io.camelbundle.support.StrictUtf8;

/**
 * The first step of kamelet:om-report-event-action: one OM event given as a {@link NormalizedEvent}, a JSON
 * object text (or its UTF-8 bytes) or a map becomes OM's {@code msg} (the normalised event as JSON), or an
 * {@link OmEventRejectedException} naming every problem, so nothing invalid is sent.
 */
public class OmEvents {

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

    /** One JSON object and nothing after it ({@link OmEventJson}), a leading byte order mark aside. */
    private static Map<String, Object> parse(String text) {
        try {
            return OmEventJson.parse(text.startsWith("\uFEFF") ? text.substring(1) : text);
        } catch (OmEventJson.InvalidEventJson e) {
            String reason = switch (e.problem()) {
                case NOT_AN_OBJECT -> "record: not a JSON object";
                case MORE_THAN_ONE_VALUE -> "record: more than one JSON value";
                case INVALID_JSON -> "record: not valid JSON: " + excerpt(e.detail());
            };
            throw new OmEventRejectedException(List.of(reason));
        }
    }

    /** The first line of Jackson's message, cut at {@value #EXCERPT} characters: it may quote the producer's text. */
    private static String excerpt(String message) {
        String why = message.lines().findFirst().orElse("");
        return why.length() <= EXCERPT ? why : why.substring(0, EXCERPT) + "...";
    }
}
