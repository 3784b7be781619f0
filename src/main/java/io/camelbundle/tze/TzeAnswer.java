package io.camelbundle.tze;

import com.fasterxml.jackson.databind.JsonNode;

import io.camelbundle.support.Secrets;

/**
 * TZE's answer envelope {@code {"retCode":..,"retDesc":..,"data":{..}}} (seed 002). Only {@code "000000"}
 * is documented (success); every other code is unpublished, so callers treat any other value as a refusal
 * and keep {@code retDesc} for the log. {@code retCode} is a string in the document; a JSON number is read
 * as its digits (so it can never equal "000000" by accident: 0 reads as "0").
 */
public record TzeAnswer(String retCode, String retDesc, JsonNode data) {

    public static final String SUCCESS = "000000";

    public static TzeAnswer of(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("answer is not a JSON object");
        }
        JsonNode code = root.get("retCode");
        if (code == null || code.isNull() || !(code.isTextual() || code.isIntegralNumber())) {
            throw new IllegalArgumentException("answer has no 'retCode'");
        }
        JsonNode desc = root.get("retDesc");
        return new TzeAnswer(code.asText().trim(), desc == null || desc.isNull() ? "" : desc.asText(),
                root.get("data"));
    }

    public boolean success() {
        return SUCCESS.equals(retCode);
    }

    /**
     * retDesc as the bundle may repeat it: each of {@code secrets} (the tokens or code the call carried, which a
     * vendor may echo, raw or encoded as they went out) and every known secret replaced by ****, then cut at
     * {@code max} characters.
     */
    public String safeDesc(int max, String... secrets) {
        String safe = Secrets.mask(retDesc == null ? "" : retDesc, secrets);
        // TZE's text goes on to logs, reports and dead letters: no line break of it starts a line there
        safe = safe.replaceAll("[\\p{Cntrl}\u2028\u2029]", " ");
        return safe.length() > max ? safe.substring(0, max) + "..." : safe;
    }
}
