package io.camelbundle.filedrop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A result file that cannot be written: the lines' outcomes stand, the failure is kept and named. */
class JsonlAppenderTest {

    @TempDir
    Path dir;

    @Test
    void linesAreWrittenOnceClosedAndNothingFailed() throws Exception {
        Path file = dir.resolve("a.failed.jsonl");
        try (JsonlAppender appender = new JsonlAppender(file)) {
            assertThat(appender.append(Map.of("n", 1))).isTrue();
            assertThat(appender.append(Map.of("n", 2))).isTrue();
            appender.close();
            assertThat(appender.failure()).isNull();
        }
        assertThat(Files.readAllLines(file)).containsExactly("{\"n\":1}", "{\"n\":2}");
    }

    @Test
    void aWriteThatFailsDoesNotThrowAndIsNamedWithTheLinesMeantForTheFile() throws Exception {
        // a directory where the file should be: opening it for writing fails, as a full disk would
        Path file = Files.createDirectories(dir.resolve("b.failed.jsonl"));
        JsonlAppender appender = new JsonlAppender(file);
        assertThat(appender.append(Map.of("n", 1))).isFalse();
        assertThat(appender.append(Map.of("n", 2))).as("later lines are not tried").isFalse();
        appender.close();
        assertThat(appender.failure()).startsWith("cannot write b.failed.jsonl: ")
                .endsWith("(the file is incomplete; 2 lines were meant for it)");
        assertThat(appender.notKept()).as("not the size limit").isZero();
    }

    /** A value Jackson cannot write: its getter throws. */
    public static final class Unwritable {
        public String getValue() {
            throw new IllegalStateException("no value");
        }
    }

    @Test
    void aLineThatCannotBeJsonIsCountedAndTheLinesAfterItAreStillWritten() throws Exception {
        Path file = dir.resolve("d.failed.jsonl");
        JsonlAppender appender = new JsonlAppender(file);
        assertThat(appender.append(Map.of("n", 1))).isTrue();
        assertThat(appender.append(Map.of("n", new Unwritable()))).isFalse();
        assertThat(appender.append(Map.of("n", 3))).isTrue();
        appender.close();
        assertThat(Files.readAllLines(file)).containsExactly("{\"n\":1}", "{\"n\":3}");
        assertThat(appender.failure()).startsWith("cannot write d.failed.jsonl: ").contains("no value")
                .endsWith("(the file is incomplete; 3 lines were meant for it)");
    }

    @Test
    void aFileWithoutLinesNeverFails() {
        JsonlAppender appender = new JsonlAppender(dir.resolve("missing/dir/c.jsonl"));
        appender.close();
        assertThat(appender.failure()).isNull();
        assertThat(Files.exists(dir.resolve("missing"))).isFalse();
    }
}
