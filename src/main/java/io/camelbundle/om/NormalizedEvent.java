package io.camelbundle.om;

import java.util.List;
import java.util.Map;

/**
 * An event ready for OM's data API.
 *
 * @param fields        all 26 OM fields in document order: a {@code String} or {@code null} for string
 *                      fields, a {@code Long} for bigint fields; unmodifiable
 * @param msg           {@code fields} as the compact JSON text OM expects in the {@code msg} parameter
 *                      (UTF-8 text, non-ASCII such as 快报推荐流 unescaped)
 * @param unknownFields input field names that are not OM fields and were dropped
 */
public record NormalizedEvent(Map<String, Object> fields, String msg, List<String> unknownFields)
        implements NormalizationResult {

    public NormalizedEvent {
        unknownFields = List.copyOf(unknownFields);
    }
}
