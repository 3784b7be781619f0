package io.camelbundle.om;

import java.io.IOException;
import java.util.LinkedHashMap;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * One OM event as JSON text, read the same way wherever it comes from (a dropped file's line, a queue message, a
 * route's body): one object and nothing after it, so a second event in the same text is never dropped unseen.
 */
public final class OmEventJson {

    private static final ObjectMapper JSON = JsonMapper.builder()
            // ambiguous data: which "imei" would be meant?
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // floats stay exact (and are rejected as bigints by the normaliser with their real text)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    /** Why a text is not one event object. */
    public enum Problem {
        /** The text holds another JSON value; the detail says which kind ("an array"). */
        NOT_AN_OBJECT,
        /** Something follows the object. */
        MORE_THAN_ONE_VALUE,
        /** Not JSON (a field named twice included); the detail is Jackson's message, which may quote the text. */
        INVALID_JSON
    }

    /** The text is not one event object: {@link #problem()} and its detail, for the caller to word. */
    public static final class InvalidEventJson extends Exception {

        private final Problem problem;
        private final String detail;

        InvalidEventJson(Problem problem, String detail) {
            super(problem + ": " + detail, null, false, false);
            this.problem = problem;
            this.detail = detail;
        }

        public Problem problem() {
            return problem;
        }

        public String detail() {
            return detail;
        }
    }

    private OmEventJson() {
    }

    /** The object's fields in their order. */
    public static LinkedHashMap<String, Object> parse(String text) throws InvalidEventJson {
        try (JsonParser parser = JSON.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new InvalidEventJson(Problem.NOT_AN_OBJECT, describe(first));
            }
            LinkedHashMap<String, Object> fields = JSON.readValue(parser, MAP);
            if (parser.nextToken() != null) {
                throw new InvalidEventJson(Problem.MORE_THAN_ONE_VALUE, "");
            }
            return fields;
        } catch (JsonProcessingException e) {
            throw new InvalidEventJson(Problem.INVALID_JSON, String.valueOf(e.getOriginalMessage()));
        } catch (IOException e) {
            // reading from a String: only Jackson's own processing errors can occur
            throw new InvalidEventJson(Problem.INVALID_JSON, String.valueOf(e.getMessage()));
        }
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "nothing";
        }
        return switch (token) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> String.valueOf(token);
        };
    }
}
