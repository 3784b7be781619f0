package io.camelbundle.om;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Streams the records of a dropped OM event file, one at a time, never holding more than one record (and
 * Commons CSV's read-ahead buffer) in memory.
 *
 * <p>Format by file name, case-insensitive: {@code .csv}, {@code .jsonl}, either optionally followed by
 * {@code .gz}. Text is UTF-8, with or without a byte order mark, LF or CRLF line ends.
 * <ul>
 * <li>CSV: RFC 4180 (Apache Commons CSV): quoted values may contain commas, quotes ({@code ""}) and line
 * breaks. The first non-blank row is the header, matched case-insensitively to the OM field names
 * ({@link OmField#canonicalHeader(String)}); unknown columns pass through. Every value is a String, except
 * that an empty cell (quoted or not) is {@code null}: missing, as in JSON.</li>
 * <li>JSON Lines: one JSON object per line (Jackson), any value types; duplicate keys are an error.</li>
 * </ul>
 *
 * <p>Problems of one record are {@link RecordError}s and the file goes on: bad JSON, a line that is not an
 * object, a CSV row with the wrong number of columns, bytes that are not UTF-8, a CSV syntax error such as an
 * unbalanced quote, a record longer than the limit ({@link #DEFAULT_MAX_RECORD_BYTES}). After a CSV syntax
 * error or a CSV record that is too long, reading goes on at the line after the one the broken record
 * started on: a quote that is never closed costs its own record, not the rest of the file. Problems of the
 * whole file throw {@link UnreadableFileException}: from {@code open} when the file is empty, binary, UTF-16,
 * not gzip although named so, or a CSV file whose header names no OM field, repeats a column or is too long;
 * from the iterator when compressed data ends early or reading fails. Blank lines are skipped and not
 * counted. A header-only CSV file yields no records.
 *
 * <p>Not thread-safe: one reader per file, used by one thread. Close it (or the {@link #stream()}).
 */
public final class EventFileReader implements Iterator<ReadResult>, Closeable {

    /** The two file formats. */
    public enum Format {
        CSV, JSONL
    }

    /**
     * A record (a JSON line, or a CSV record with the lines its quoted values span) longer than this is a
     * record error; a longer line is skipped without being held in memory. 1 MiB: a valid event is at most
     * 26 values of {@code om.events.max-string-length} (1024) characters, about 100 KB; reading one record
     * costs several times its size in heap (bytes, chars, the parser's copies), and up to twice
     * {@code om.concurrency} records are in flight, so a limit in the tens of MB exhausts a 300 MB heap.
     */
    public static final int DEFAULT_MAX_RECORD_BYTES = 1024 * 1024;

    /** How much of the (decompressed) start of a file is checked for binary content. */
    static final int SNIFF_BYTES = 1024;

    private static final ObjectMapper JSON = JsonMapper.builder()
            // ambiguous data: which "imei" would be meant?
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // floats stay exact (and are rejected as bigints by the normaliser with their real text)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };
    private static final int EXCERPT = 80;

    private final String fileName;
    private final Format format;
    private final boolean compressed;
    private final Utf8LineSource lines;
    private final Source source;
    private ReadResult lookahead;
    private boolean finished;
    private long position;
    private boolean closed;

    private EventFileReader(String fileName, Format format, boolean compressed, Utf8LineSource lines,
            int maxRecordBytes) {
        this.fileName = fileName;
        this.format = format;
        this.compressed = compressed;
        this.lines = lines;
        this.source = format == Format.CSV ? new CsvSource(lines, maxRecordBytes)
                : new JsonlSource(lines, maxRecordBytes);
    }

    /** Opens a file; the format comes from its name. */
    public static EventFileReader open(Path file) throws IOException {
        return open(Files.newInputStream(file), file.getFileName().toString(), DEFAULT_MAX_RECORD_BYTES);
    }

    /**
     * Reads a stream; {@code fileName} (only its last path segment matters) decides the format. The reader
     * owns the stream from here on and closes it, also when this method throws.
     */
    public static EventFileReader open(InputStream in, String fileName) throws IOException {
        return open(in, fileName, DEFAULT_MAX_RECORD_BYTES);
    }

    /** As {@link #open(InputStream, String)}, with records longer than {@code maxRecordBytes} as errors. */
    public static EventFileReader open(InputStream in, String fileName, int maxRecordBytes) throws IOException {
        return open(in, fileName, maxRecordBytes, Long.MAX_VALUE);
    }

    /**
     * As {@link #open(InputStream, String, int)}; a .gz file that decompresses to more than
     * {@code maxDecompressedBytes} stops there: the records before count, then the iterator throws
     * {@link UnreadableFileException} (a small compressed file must not produce unbounded work and output).
     */
    public static EventFileReader open(InputStream in, String fileName, int maxRecordBytes,
            long maxDecompressedBytes) throws IOException {
        try {
            if (maxRecordBytes < 1) {
                throw new IllegalArgumentException("maxRecordBytes must be positive: " + maxRecordBytes);
            }
            String name = baseName(fileName);
            Format format = formatOf(name).orElseThrow(() -> new UnreadableFileException(
                    "file name " + name + " does not end in .csv, .jsonl, .csv.gz or .jsonl.gz"));
            boolean gzip = isGzipName(name);
            BufferedInputStream text = new BufferedInputStream(
                    gzip ? new DecompressedLimit(gunzip(in), maxDecompressedBytes) : in, 64 * 1024);
            try {
                sniff(text, gzip);
            } catch (DecompressedLimit.Exceeded e) {
                throw new UnreadableFileException(e.getMessage(), e);
            }
            EventFileReader reader = new EventFileReader(name, format, gzip,
                    new Utf8LineSource(text, maxRecordBytes), maxRecordBytes);
            reader.source.start();
            return reader;
        } catch (IOException | RuntimeException e) {
            closeQuietly(in);
            throw e;
        }
    }

    /** The format a file name stands for, if any. */
    public static Optional<Format> formatOf(String fileName) {
        String name = baseName(fileName).toLowerCase(Locale.ROOT);
        if (name.endsWith(".gz")) {
            name = name.substring(0, name.length() - 3);
        }
        if (name.endsWith(".csv")) {
            return Optional.of(Format.CSV);
        } else if (name.endsWith(".jsonl")) {
            return Optional.of(Format.JSONL);
        }
        return Optional.empty();
    }

    private static boolean isGzipName(String name) {
        return name.toLowerCase(Locale.ROOT).endsWith(".gz");
    }

    private static String baseName(String fileName) {
        String name = fileName == null ? "" : fileName;
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        return name.substring(slash + 1);
    }

    private static InputStream gunzip(InputStream in) throws IOException {
        BufferedInputStream raw = new BufferedInputStream(in);
        raw.mark(2);
        int first = raw.read();
        int second = raw.read();
        raw.reset();
        if (first == -1) {
            throw new UnreadableFileException("file is empty");
        }
        if (first != 0x1f || second != 0x8b) {
            throw new UnreadableFileException("file name ends in .gz but the file is not gzip-compressed");
        }
        try {
            return new GZIPInputStream(raw, 64 * 1024);
        } catch (ZipException | EOFException e) {
            throw new UnreadableFileException("gzip header is corrupt: " + e.getMessage(), e);
        }
    }

    /**
     * Looks at the first KB of text: refuses empty, binary and UTF-16 files before any line is reported, so
     * a misplaced image or spreadsheet makes one clear error instead of thousands of record errors. Skips a
     * UTF-8 byte order mark.
     */
    private static void sniff(BufferedInputStream in, boolean gzip) throws IOException {
        byte[] head = new byte[SNIFF_BYTES];
        in.mark(SNIFF_BYTES + 1);
        int length;
        try {
            length = in.readNBytes(head, 0, SNIFF_BYTES);
        } catch (EOFException | ZipException e) {
            throw new UnreadableFileException("gzip data is truncated or corrupt: " + e.getMessage(), e);
        }
        in.reset();
        int bom = length >= 3 && (head[0] & 0xff) == 0xef && (head[1] & 0xff) == 0xbb && (head[2] & 0xff) == 0xbf
                ? 3 : 0;
        if (length == 0) {
            throw new UnreadableFileException("file is empty");
        }
        if (!gzip && length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            throw new UnreadableFileException("file is gzip-compressed but its name does not end in .gz");
        }
        if (length >= 2 && (((head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xfe)
                || ((head[0] & 0xff) == 0xfe && (head[1] & 0xff) == 0xff))) {
            throw new UnreadableFileException("file is UTF-16 (byte order mark); only UTF-8 is read");
        }
        int controls = 0;
        boolean blank = true;
        for (int i = bom; i < length; i++) {
            int b = head[i] & 0xff;
            if (b == 0) {
                throw new UnreadableFileException("file is binary (NUL byte at offset " + i + ")");
            }
            boolean whitespace = b == '\t' || b == '\n' || b == '\r' || b == ' ' || b == '\f';
            if ((b < 0x20 && !whitespace) || b == 0x7f) {
                controls++;
            }
            blank &= whitespace;
        }
        // a few stray control characters may sit in a text field; a tenth of the bytes is not text
        if (controls * 10 > length - bom) {
            throw new UnreadableFileException("file is binary (" + controls + " control bytes in the first "
                    + length + " bytes)");
        }
        if (blank && length < SNIFF_BYTES) {
            throw new UnreadableFileException("file is empty (" + (bom > 0 ? "byte order mark and " : "")
                    + "whitespace only)");
        }
        if (bom > 0) {
            in.skipNBytes(bom);
        }
    }

    public String fileName() {
        return fileName;
    }

    public Format format() {
        return format;
    }

    public boolean compressed() {
        return compressed;
    }

    /** CSV: the header's column names, canonical for OM fields; JSON Lines: empty. */
    public List<String> header() {
        return source.header();
    }

    /** Position of the last item returned by {@link #next()} (0 before the first). */
    public long position() {
        return position;
    }

    /** @throws UnreadableFileException when the rest of the file cannot be read (truncated gzip, I/O error) */
    @Override
    public boolean hasNext() {
        if (lookahead == null && !finished) {
            if (closed) {
                throw new IllegalStateException("reader is closed");
            }
            lookahead = source.read(position + 1);
            finished = lookahead == null;
        }
        return lookahead != null;
    }

    /** @throws UnreadableFileException when the rest of the file cannot be read (truncated gzip, I/O error) */
    @Override
    public ReadResult next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ReadResult result = lookahead;
        lookahead = null;
        position = result.position();
        return result;
    }

    /** The remaining items as a sequential stream; closing the stream closes the reader. */
    public Stream<ReadResult> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this,
                Spliterator.ORDERED | Spliterator.NONNULL), false).onClose(this::close);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            closeQuietly(lines);
        }
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException | RuntimeException e) {
            // nothing left to read from it; the original problem, if any, is what matters
        }
    }

    private static String excerpt(String text) {
        String shown = text.replace(Utf8LineSource.MALFORMED, '\uFFFD');
        if (shown.codePointCount(0, shown.length()) <= EXCERPT) {
            return shown;
        }
        return shown.substring(0, shown.offsetByCodePoints(0, EXCERPT)) + "...";
    }

    private static UnreadableFileException readFailure(long afterLine, IOException e) {
        String what = e instanceof EOFException || e instanceof ZipException
                ? "compressed data is truncated or corrupt" : "read error";
        return new UnreadableFileException(what + " after line " + afterLine + ": " + e.getMessage(), e);
    }

    /** Ends the decompressed stream with an {@link Exceeded} once it yielded more than the limit. */
    private static final class DecompressedLimit extends java.io.FilterInputStream {

        /** The decompressed data is larger than allowed; reading stops. */
        static final class Exceeded extends IOException {
            private static final long serialVersionUID = 1L;

            Exceeded(long limit) {
                super("decompressed data exceeds " + limit + " bytes (om.file-drop.max-decompressed-bytes)");
            }
        }

        private final long limit;
        private long count;

        DecompressedLimit(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (count >= limit) {
                // is there more? then the file is over the limit
                if (super.read() < 0) {
                    return -1;
                }
                throw new Exceeded(limit);
            }
            int n = super.read(buffer, offset, (int) Math.min(length, limit - count));
            if (n > 0) {
                count += n;
            }
            return n;
        }

        /** 0 at the limit, so a buffering reader returns what it has before the next read fails. */
        @Override
        public int available() throws IOException {
            return count >= limit ? 0 : super.available();
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] sink = new byte[(int) Math.min(n, 8192)];
            int read = read(sink, 0, sink.length);
            return Math.max(0, read);
        }
    }

    /** Reads items of one format. */
    private interface Source {

        /** Reads what must be there before the first record (the CSV header). */
        void start() throws IOException;

        List<String> header();

        /** The next item, numbered {@code position}, or null at the end. */
        ReadResult read(long position);
    }

    /** JSON Lines: each non-blank line on its own. */
    private static final class JsonlSource implements Source {

        private final Utf8LineSource lines;
        private final int maxRecordBytes;

        JsonlSource(Utf8LineSource lines, int maxRecordBytes) {
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
                    throw readFailure(lines.lineNumber(), e);
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
                        "not valid JSON: " + excerpt(e.getOriginalMessage()));
            } catch (IOException e) {
                // reading from a String: only Jackson's own processing errors can occur
                return new RecordError(position, line.number(), RecordError.INVALID_JSON,
                        "not valid JSON: " + excerpt(String.valueOf(e.getMessage())));
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
    private static final class CsvSource implements Source {

        // RFC 4180; empty lines are returned as one empty value so line numbers stay exact, and skipped here
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

        CsvSource(Utf8LineSource lines, int maxRecordBytes) {
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
                    if (!isBlank(record)) {
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
                    throw new UnreadableFileException("CSV header names column " + excerpt(name) + " twice (columns "
                            + before + " and " + (i + 1) + ")");
                }
                known |= OmField.byName(name).isPresent();
                names.add(name);
            }
            if (!known) {
                throw new UnreadableFileException("CSV file has no header row naming OM fields (first row: "
                        + excerpt(String.join(",", first.toList())) + ")");
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
                        throw readFailure(lastLine, e.getCause());
                    }
                    String reason = atEnd && replay.isEmpty()
                            ? "unbalanced quote: a quoted value of the record starting on line " + start
                                    + " is not closed before the end of the file"
                            : excerpt(WHERE.matcher(e.getCause().getMessage()).replaceAll(""));
                    restart(start);
                    return new RecordError(position, start, RecordError.CSV_SYNTAX, "CSV syntax: " + reason);
                }
                completed(parser.getCurrentLineNumber());
                if (isBlank(record)) {
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
                throw readFailure(start, e);
            }
            records = parser.iterator();
        }

        private static boolean isBlank(CSVRecord record) {
            return record.size() == 1 && record.get(0).isEmpty();
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
                    throw readFailure(lines.lineNumber(), e);
                }
            }

            @Override
            public void close() {
                // the line source is closed by the reader
            }
        }
    }
}
