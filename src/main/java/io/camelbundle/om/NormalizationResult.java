package io.camelbundle.om;

import java.util.List;

/**
 * What {@link OmEventNormalizer} makes of one input record: a {@link NormalizedEvent} ready to send, or a
 * {@link Rejection} with every reason. Both carry the input's unknown field names so the file report can
 * count them whether or not the record was sent.
 */
public sealed interface NormalizationResult permits NormalizedEvent, Rejection {

    /** Input field names that are not OM fields, in input order; they were dropped. */
    List<String> unknownFields();

    /** Whether the record can be sent. */
    default boolean accepted() {
        return this instanceof NormalizedEvent;
    }
}
