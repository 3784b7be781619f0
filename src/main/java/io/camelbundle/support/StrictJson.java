package io.camelbundle.support;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The reader of JSON a caller wrote (request bodies, queued and dropped requests): a field named twice or
 * text after the value is refused, not read as the last value or ignored, so what the bundle acts on is
 * what the caller can be shown to have sent ({"personId":"a","personId":"b"} would otherwise act for b).
 */
public final class StrictJson {

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private StrictJson() {
    }
}
