package io.camelbundle.om.filedrop;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import io.camelbundle.filedrop.Utf8LineSource;
import io.camelbundle.om.OmField;

/**
 * CSV through Apache Commons CSV, fed by {@link Utf8LineSource} so bytes that are not UTF-8 are confined
 * to the records whose lines contain them. Line numbers come from the parser: a record starts on the line
 * after the one the previous record ended on.
 *
 * <p>A syntax error (text after a closing quote, a quote never closed before the end of the file) or a
 * record longer than the limit (a line too long, or a quoted value running on because its quote is never
 * closed) rejects the record it occurs in, and a new parser starts on the line after that record's first
 * line: the lines the broken record swallowed are read again as records. They are still at hand, because
 * the lines handed to the parser since the last complete record are kept, at most the limit's worth.
 */
final class CsvRecordSource implements RecordSource {

    // RFC 4180; empty lines are returned as one empty value so line numbers stay exact, and skipped here (isBlank)
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(false).get();
    /** Commons CSV's own positions, counted from where its parser started: the error has the line. */
    private static final Pattern WHERE = Pattern.compile(
            "\\(startline [0-9,]+\\) | at line: [0-9,]+, position: [0-9,]+");

    private final Utf8LineSource lines;
    private final int maxRecordBytes;
    /** Lines with bytes that are not UTF-8 and which byte, pruned as records pass them. */
    private final TreeMap<Long, Integer> badLines = new TreeMap<>();
    /** Lines handed to the parser after the last complete record (the one being parsed, read-ahead). */
    private final ArrayDeque<Utf8LineSource.Line> fed = new ArrayDeque<>();
    private long fedBytes;
    /** Lines a new parser reads before the line source: those after the first line of a broken record. */
    private final ArrayDeque<Utf8LineSource.Line> replay = new ArrayDeque<>();
    private boolean atEnd;
    private CSVParser parser;
    private Iterator<CSVRecord> records;
    /** Number of the line before the current parser's first line. */
    private long offset;
    private List<String> header = List.of();
    private long lastLine;

    CsvRecordSource(Utf8LineSource lines, int maxRecordBytes) {
        this.lines = lines;
        this.maxRecordBytes = maxRecordBytes;
    }

    @Override
    public void start() throws IOException {
        parser = CSVParser.builder().setFormat(FORMAT).setReader(new LineReader()).get();
        records = parser.iterator();
        CSVRecord first = null;
        try {
            while (records.hasNext()) {
                CSVRecord record = records.next();
                if (!isOneEmptyValue(record)) { // blank lines before the header (a "" line names no field either)
                    first = record;
                    break;
                }
            }
        } catch (UncheckedIOException e) {
            throw new UnreadableFileException("CSV header row cannot be parsed: " + e.getCause().getMessage(), e);
        } catch (RecordTooLong e) {
            throw new UnreadableFileException("CSV header row is longer than " + maxRecordBytes + " bytes");
        }
        if (first == null) {
            throw new UnreadableFileException("CSV file has no header row");
        }
        completed(parser.getCurrentLineNumber());
        Map.Entry<Long, Integer> bad = badLines.firstEntry();
        if ((bad != null && bad.getKey() <= lastLine) || containsMalformed(first)) {
            throw new UnreadableFileException("CSV header row is not valid UTF-8"
                    + (bad == null ? "" : " (line " + bad.getKey() + ", byte " + bad.getValue() + ")"));
        }
        List<String> names = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean known = false;
        for (int i = 0; i < first.size(); i++) {
            String name = OmField.canonicalHeader(first.get(i));
            if (name.isEmpty()) {
                throw new UnreadableFileException("CSV header column " + (i + 1) + " has no name");
            }
            Integer before = seen.putIfAbsent(name, i + 1);
            if (before != null) {
                throw new UnreadableFileException(
                        "CSV header names column " + EventFileReader.excerpt(name) + " twice (columns "
                                + before + " and " + (i + 1) + ")");
            }
            known |= OmField.byName(name).isPresent();
            names.add(name);
        }
        if (!known) {
            throw new UnreadableFileException("CSV file has no header row naming OM fields (first row: "
                    + EventFileReader.excerpt(String.join(",", first.toList())) + ")");
        }
        header = Collections.unmodifiableList(names);
    }

    @Override
    public List<String> header() {
        return header;
    }

    @Override
    public ReadResult read(long position) {
        while (true) {
            CSVRecord record;
            long start = lastLine + 1;
            try {
                if (!records.hasNext()) {
                    return null;
                }
                record = records.next();
            } catch (RecordTooLong e) {
                restart(start);
                if (e.line == start) {
                    return new RecordError(position, start, RecordError.LINE_TOO_LONG,
                            "line " + start + " is longer than " + maxRecordBytes + " bytes");
                }
                return new RecordError(position, start, RecordError.RECORD_TOO_LONG, "the record starting on line "
                        + start + " is longer than " + maxRecordBytes + " bytes at line " + e.line
                        + " (a quote that is never closed?)");
            } catch (UncheckedIOException e) {
                if (!(e.getCause() instanceof CSVException)) {
                    throw EventFileReader.readFailure(lastLine, e.getCause());
                }
                String reason = atEnd && replay.isEmpty()
                        ? "unbalanced quote: a quoted value of the record starting on line " + start
                                + " is not closed before the end of the file"
                        : EventFileReader.excerpt(WHERE.matcher(e.getCause().getMessage()).replaceAll(""));
                restart(start);
                return new RecordError(position, start, RecordError.CSV_SYNTAX, "CSV syntax: " + reason);
            }
            boolean blank = isBlank(record, start);
            completed(parser.getCurrentLineNumber());
            if (blank) {
                continue;
            }
            Map.Entry<Long, Integer> bad = badLines.ceilingEntry(start);
            boolean inRecord = bad != null && bad.getKey() <= lastLine;
            badLines.headMap(start).clear();
            if (inRecord || containsMalformed(record)) {
                String where = bad == null ? "" : " (line " + bad.getKey() + ", byte " + bad.getValue() + ")";
                return new RecordError(position, start, RecordError.NOT_UTF8, "not valid UTF-8" + where);
            }
            if (record.size() != header.size()) {
                return new RecordError(position, start, RecordError.COLUMN_COUNT,
                        "has " + record.size() + " columns, the header has " + header.size());
            }
            Map<String, Object> fields = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                // an empty cell is CSV's only way to say "missing": null, as a missing JSON value
                String value = record.get(i);
                fields.put(header.get(i), value.isEmpty() ? null : value);
            }
            return new RawRecord(position, start, fields);
        }
    }

    /** The parser finished a record on its line {@code parserLine}: its lines are no longer needed. */
    private void completed(long parserLine) {
        lastLine = offset + parserLine;
        while (!fed.isEmpty() && fed.peekFirst().number() <= lastLine) {
            fedBytes -= fed.removeFirst().bytes();
        }
    }

    /**
     * Drops the parser, which is in the middle of a broken record that started on line {@code start}, and
     * starts a new one on the line after it: the lines handed to the old parser after that line first.
     */
    private void restart(long start) {
        Iterator<Utf8LineSource.Line> handed = fed.descendingIterator();
        while (handed.hasNext()) {
            Utf8LineSource.Line line = handed.next();
            if (line.number() > start) {
                replay.addFirst(line);
            }
        }
        fed.clear();
        fedBytes = 0;
        offset = start;
        lastLine = start;
        atEnd = false;
        try {
            parser = CSVParser.builder().setFormat(FORMAT).setReader(new LineReader()).get();
        } catch (IOException e) {
            throw EventFileReader.readFailure(start, e);
        }
        records = parser.iterator();
    }

    private static boolean isOneEmptyValue(CSVRecord record) {
        return record.size() == 1 && record.get(0).isEmpty();
    }

    /**
     * An empty line, which Commons CSV returns as one empty value, as it does a line holding {@code ""}: that one
     * is a record (with one empty value), told apart by its text. Called before the record's lines are dropped.
     */
    private boolean isBlank(CSVRecord record, long start) {
        if (!isOneEmptyValue(record)) {
            return false;
        }
        for (Utf8LineSource.Line line : fed) {
            if (line.number() == start) {
                return line.text().isEmpty();
            }
        }
        return true;
    }

    private static boolean containsMalformed(CSVRecord record) {
        for (String value : record) {
            if (value.indexOf(Utf8LineSource.MALFORMED) >= 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Thrown through the parser when the record being parsed has grown beyond the limit, at
     * {@code line}; unchecked, so Commons CSV passes it through. No stack trace: it is expected.
     */
    private static final class RecordTooLong extends RuntimeException {

        private static final long serialVersionUID = 1L;

        final long line;

        RecordTooLong(long line) {
            super("record too long at line " + line, null, false, false);
            this.line = line;
        }
    }

    /** Hands Commons CSV the decoded lines with their original terminators. */
    private final class LineReader extends Reader {

        private String current = "";
        private int index;

        @Override
        public int read(char[] target, int offset, int length) {
            if (length == 0) {
                return 0;
            }
            while (index >= current.length()) {
                Utf8LineSource.Line line = replay.isEmpty() ? nextLine() : replay.removeFirst();
                if (line == null) {
                    atEnd = true;
                    return -1;
                }
                fed.addLast(line);
                fedBytes += line.bytes();
                if (line.tooLong() || fedBytes > maxRecordBytes) {
                    throw new RecordTooLong(line.number());
                }
                if (line.badByteOffset() >= 0) {
                    badLines.put(line.number(), line.badByteOffset());
                }
                current = line.text() + line.terminator();
                index = 0;
            }
            int count = Math.min(length, current.length() - index);
            current.getChars(index, index + count, target, offset);
            index += count;
            return count;
        }

        private Utf8LineSource.Line nextLine() {
            try {
                return lines.next();
            } catch (IOException e) {
                // unchecked, so Commons CSV passes it through instead of calling it a CSV error
                throw EventFileReader.readFailure(lines.lineNumber(), e);
            }
        }

        @Override
        public void close() {
            // the line source is closed by the reader
        }
    }
}
