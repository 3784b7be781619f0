package io.camelbundle.batch;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Appends JSON lines to a result file, created on the first line only (a file without rejections has no
 * empty {@code .rejected.jsonl}). Thread-safe: lines come from parallel sending threads. Appends, so a
 * resumed file adds to what the interrupted run wrote.
 */
final class JsonlAppender implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;
    private Writer writer;
    private long lines;

    JsonlAppender(Path path) {
        this.path = path;
    }

    synchronized void append(Object line) {
        try {
            if (writer == null) {
                Files.createDirectories(path.getParent());
                writer = new BufferedWriter(Files.newBufferedWriter(path, StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND));
            }
            writer.write(JSON.writeValueAsString(line));
            writer.write('\n');
            lines++;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + path, e);
        }
    }

    synchronized long lines() {
        return lines;
    }

    @Override
    public synchronized void close() {
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot close " + path, e);
            } finally {
                writer = null;
            }
        }
    }
}
