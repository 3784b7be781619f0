package io.camelbundle.om;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The first step of kamelet:om-report-event-action: one OM event given as a {@link NormalizedEvent}, a JSON
 * object text or a map becomes OM's {@code msg} (the normalised event as JSON), or an
 * {@link OmEventRejectedException} naming every problem, so nothing invalid is sent.
 */
public class OmEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

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
        if (event instanceof String text) {
            Map<String, Object> fields;
            try {
                fields = JSON.readValue(text, new TypeReference<Map<String, Object>>() {
                });
            } catch (JsonProcessingException e) {
                fields = null;
            }
            if (fields == null) {
                throw new OmEventRejectedException(List.of("record: not a JSON object"));
            }
            return fields;
        }
        throw new OmEventRejectedException(List.of("record: expected a JSON object, got "
                + (event == null ? "nothing" : event.getClass().getSimpleName())));
    }
}
