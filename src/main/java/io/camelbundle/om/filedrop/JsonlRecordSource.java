package io.camelbundle.om.filedrop;

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

import io.camelbundle.filedrop.Utf8LineSource;

/** JSON Lines: each non-blank line on its own. */
final class JsonlRecordSource implements RecordSource {

    private static final ObjectMapper JSON = JsonMapper.builder()
            // ambiguous data: which "imei" would be meant?
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // floats stay exact (and are rejected as bigints by the normaliser with their real text)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    private final Utf8LineSource lines;
    private final int maxRecordBytes;

    JsonlRecordSource(Utf8LineSource lines, int maxRecordBytes) {
        this.lines = lines;
        this.maxRecordBytes = maxRecordBytes;
    }

    @Override
    public void start() {
    }

    @Override
    public List<String> header() {
        return List.of();
    }

    @Override
    public ReadResult read(long position) {
        while (true) {
            Utf8LineSource.Line line;
            try {
                line = lines.next();
            } catch (IOException e) {
                throw EventFileReader.readFailure(lines.lineNumber(), e);
            }
            if (line == null) {
                return null;
            }
            if (line.tooLong()) {
                return new RecordError(position, line.number(), RecordError.LINE_TOO_LONG,
                        "line " + line.number() + " is longer than " + maxRecordBytes + " bytes");
            }
            if (line.badByteOffset() >= 0) {
                return new RecordError(position, line.number(), RecordError.NOT_UTF8,
                        "not valid UTF-8 (byte " + line.badByteOffset() + " of the line)");
            }
            if (line.text().isBlank()) {
                continue;
            }
            return parse(position, line);
        }
    }

    private static ReadResult parse(long position, Utf8LineSource.Line line) {
        try (JsonParser parser = JSON.createParser(line.text())) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                return new RecordError(position, line.number(), RecordError.NOT_AN_OBJECT,
                        "not a JSON object (" + describe(first) + ")");
            }
            Map<String, Object> fields = JSON.readValue(parser, MAP);
            JsonToken extra = parser.nextToken();
            if (extra != null) {
                return new RecordError(position, line.number(), RecordError.TRAILING_CONTENT,
                        "more than one JSON value on the line");
            }
            return new RawRecord(position, line.number(), fields);
        } catch (JsonProcessingException e) {
            return new RecordError(position, line.number(), RecordError.INVALID_JSON,
                    "not valid JSON: " + EventFileReader.excerpt(e.getOriginalMessage()));
        } catch (IOException e) {
            // reading from a String: only Jackson's own processing errors can occur
            return new RecordError(position, line.number(), RecordError.INVALID_JSON,
                    "not valid JSON: " + EventFileReader.excerpt(String.valueOf(e.getMessage())));
        }
    }

    private static String describe(JsonToken token) {
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
