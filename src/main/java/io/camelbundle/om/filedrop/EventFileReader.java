package io.camelbundle.om.filedrop;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import io.camelbundle.filedrop.Utf8LineSource;
import io.camelbundle.om.OmField;

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

    private static final int EXCERPT = 80;

    private final String fileName;
    private final Format format;
    private final boolean compressed;
    private final Utf8LineSource lines;
    private final RecordSource source;
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
        this.source = format == Format.CSV ? new CsvRecordSource(lines, maxRecordBytes)
                : new JsonlRecordSource(lines, maxRecordBytes);
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

    static String excerpt(String text) {
        String shown = text.replace(Utf8LineSource.MALFORMED, '\uFFFD');
        if (shown.codePointCount(0, shown.length()) <= EXCERPT) {
            return shown;
        }
        return shown.substring(0, shown.offsetByCodePoints(0, EXCERPT)) + "...";
    }

    static UnreadableFileException readFailure(long afterLine, IOException e) {
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

        /**
         * Always 0: BufferedInputStream keeps reading while {@code available() > 0} and loses what that call
         * already read when a later read fails (a truncated gzip, the limit), so the complete lines before the
         * break were never seen. With 0 it returns what it has, and the failure comes with the next read.
         */
        @Override
        public int available() {
            return 0;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] sink = new byte[(int) Math.min(n, 8192)];
            int read = read(sink, 0, sink.length);
            return Math.max(0, read);
        }
    }

}
