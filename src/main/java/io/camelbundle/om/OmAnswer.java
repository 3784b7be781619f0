package io.camelbundle.om;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads OM's answer envelope {@code {"code":..,"msg":..,"data":{..}}}. OM sends {@code code} as the string
 * "0" from the token API and as the number 0 from the data API: both are accepted everywhere.
 */
public record OmAnswer(String code, String msg, JsonNode data) {

    public static OmAnswer of(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("answer is not a JSON object");
        }
        JsonNode code = root.get("code");
        if (code == null || code.isNull() || !(code.isValueNode())) {
            throw new IllegalArgumentException("answer has no 'code'");
        }
        JsonNode msg = root.get("msg");
        return new OmAnswer(code.asText().trim(), msg == null || msg.isNull() ? "" : msg.asText(), root.get("data"));
    }

    public boolean success() {
        return "0".equals(code);
    }
}
