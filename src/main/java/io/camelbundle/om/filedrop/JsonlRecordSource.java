package io.camelbundle.om.filedrop;

import java.io.IOException;
import java.util.List;

import io.camelbundle.filedrop.Utf8LineSource;
import io.camelbundle.om.OmEventJson;

/** JSON Lines: each non-blank line on its own, one event object ({@link OmEventJson}). */
final class JsonlRecordSource implements RecordSource {

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
        try {
            return new RawRecord(position, line.number(), OmEventJson.parse(line.text()));
        } catch (OmEventJson.InvalidEventJson e) {
            return switch (e.problem()) {
                case NOT_AN_OBJECT -> new RecordError(position, line.number(), RecordError.NOT_AN_OBJECT,
                        "not a JSON object (" + e.detail() + ")");
                case MORE_THAN_ONE_VALUE -> new RecordError(position, line.number(), RecordError.TRAILING_CONTENT,
                        "more than one JSON value on the line");
                case INVALID_JSON -> new RecordError(position, line.number(), RecordError.INVALID_JSON,
                        "not valid JSON: " + EventFileReader.excerpt(e.detail()));
            };
        }
    }
}
