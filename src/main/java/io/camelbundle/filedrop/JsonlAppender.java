package io.camelbundle.filedrop;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Appends JSON lines to a result file, created on the first line only (a file without rejections has no
 * empty {@code .rejected.jsonl}). Thread-safe: lines come from parallel sending threads. Appends, so a
 * resumed file adds to what the interrupted run wrote. A line that would take the file beyond
 * {@code maxBytes} is not written but counted ({@link #notKept()}): one dropped file cannot fill the disk.
 * Used by the OM and the TZE file drop.
 *
 * <p>A write that fails (disk full) does not throw: the line comes from a record whose outcome is already
 * decided (sent, rejected, parked), and an exception there would count it a second time or stop the file
 * half-way. The first failure is kept, later lines are counted as not written, and the caller asks
 * {@link #failure()} after {@link #close()}: the file drops then report it and keep the dropped file. A line
 * that cannot be turned into JSON is counted the same way, but the lines after it are still written.
 */
public final class JsonlAppender implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;
    private final long maxBytes;
    private Writer writer;
    private long lines;
    private long bytes;
    private long notKept;
    private IOException failure;
    /** A write failed: the file is closed, later lines are only counted. */
    private boolean writeFailed;
    private long notWritten;

    /** An appender without a size limit. */
    public JsonlAppender(Path path) {
        this(path, Long.MAX_VALUE);
    }

    public JsonlAppender(Path path, long maxBytes) {
        this.path = path;
        this.maxBytes = maxBytes;
    }

    /**
     * Appends the line, or counts it as not kept if it does not fit, or as not written once a write failed;
     * returns whether it was written.
     */
    public synchronized boolean append(Object line) {
        if (writeFailed) {
            notWritten++;
            return false;
        }
        String text;
        try {
            text = escapeUnpairedSurrogates(JSON.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            // this line only: the file stays open for the others, and failure() says it is incomplete
            failed(e);
            notWritten++;
            return false;
        }
        try {
            long size = (long) text.getBytes(StandardCharsets.UTF_8).length + 1;
            if (bytes + size > maxBytes) {
                notKept++;
                return false;
            }
            if (writer == null) {
                Files.createDirectories(path.getParent());
                writer = new BufferedWriter(Files.newBufferedWriter(path, StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND));
            }
            writer.write(text);
            writer.write('\n');
            lines++;
            bytes += size;
            return true;
        } catch (IOException e) {
            failed(e);
            writeFailed = true;
            notWritten++;
            closeQuietly();
            return false;
        }
    }

    private void failed(IOException e) {
        if (failure == null) {
            failure = e;
        }
    }

    private void closeQuietly() {
        try {
            if (writer != null) {
                writer.close();
            }
        } catch (IOException e) {
            // the first failure is what the caller is told
        } finally {
            writer = null;
        }
    }

    /**
     * Why this file is incomplete, naming it and how many lines were meant for it (which of them are missing
     * is not known: lines are buffered, and the one being written may be cut short), or null when every line
     * not counted by {@link #notKept()} is in the file. Complete only after {@link #close()}, which writes what
     * is buffered.
     */
    public synchronized String failure() {
        if (failure == null) {
            return null;
        }
        long meant = lines + notWritten;
        return "cannot write " + path.getFileName() + ": " + failure.getClass().getSimpleName() + ": "
                + failure.getMessage() + " (the file is incomplete; " + meant + " line"
                + (meant == 1 ? " was" : "s were")
                + " meant for it)";
    }

    /**
     * JSON text with each unpaired surrogate written as a JSON escape (backslash, {@code u}, four hex digits).
     * A JSON string of a dropped record may hold one (an escaped lone surrogate); the normaliser rejects it,
     * but written as is it cannot be encoded as UTF-8: the writer fails and the rest of the result file is
     * lost. Jackson only puts it inside a string, where the escape keeps it exactly; all other text stays
     * readable as it is.
     */
    static String escapeUnpairedSurrogates(String json) {
        StringBuilder out = null;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < json.length() && Character.isLowSurrogate(json.charAt(i + 1))) {
                if (out != null) {
                    out.append(c).append(json.charAt(i + 1));
                }
                i++;
            } else if (Character.isSurrogate(c)) {
                if (out == null) {
                    out = new StringBuilder(json.length() + 16).append(json, 0, i);
                }
                out.append(String.format("\\u%04x", (int) c));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? json : out.toString();
    }

    public synchronized long lines() {
        return lines;
    }

    /** Lines not written because the file had reached its size limit. */
    public synchronized long notKept() {
        return notKept;
    }

    /** Writes what is buffered and closes the file; a failure is kept for {@link #failure()}. */
    @Override
    public synchronized void close() {
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException e) {
                failed(e);
            } finally {
                writer = null;
            }
        }
    }
}
