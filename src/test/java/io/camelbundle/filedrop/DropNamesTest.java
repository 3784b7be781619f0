package io.camelbundle.filedrop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Names in done/failed/reports never replace an earlier file; an over-long result file is capped. */
class DropNamesTest {

    @TempDir
    Path dir;

    @Test
    void theNumberGoesBeforeTheExtension() {
        assertThat(DropNames.numbered("events.jsonl", 0)).isEqualTo("events.jsonl");
        assertThat(DropNames.numbered("events.jsonl", 1)).isEqualTo("events.1.jsonl");
        assertThat(DropNames.numbered("Events.CSV.GZ", 2)).isEqualTo("Events.2.CSV.GZ");
        assertThat(DropNames.numbered("odd", 3)).isEqualTo("odd.3");
    }

    @Test
    void aTakenNameGetsTheFirstFreeNumber() throws Exception {
        assertThat(DropNames.freeTarget(dir, "a.csv")).isEqualTo(dir.resolve("a.csv"));
        Files.writeString(dir.resolve("a.csv"), "1");
        Files.writeString(dir.resolve("a.1.csv"), "2");
        assertThat(DropNames.freeTarget(dir, "a.csv")).isEqualTo(dir.resolve("a.2.csv"));
    }

    @Test
    void theReportStemIsTheFirstWithoutAReportSoAnInterruptedRunKeepsItsStem() throws Exception {
        assertThat(DropNames.reportStem(dir, "b.jsonl")).isEqualTo("b.jsonl");
        Files.writeString(dir.resolve("b.jsonl.rejected.jsonl"), "{}\n"); // interrupted run: no report yet
        assertThat(DropNames.reportStem(dir, "b.jsonl")).isEqualTo("b.jsonl");
        Files.writeString(dir.resolve("b.jsonl.report.json"), "{}");
        assertThat(DropNames.reportStem(dir, "b.jsonl")).isEqualTo("b.1.jsonl");
    }

    @Test
    void linesBeyondTheAppendersLimitAreCountedNotWritten() throws Exception {
        Path file = dir.resolve("r.jsonl");
        try (JsonlAppender appender = new JsonlAppender(file, 30)) {
            assertThat(appender.append(java.util.Map.of("line", 1))).isTrue(); // {"line":1} + LF = 11 bytes
            assertThat(appender.append(java.util.Map.of("line", 2))).isTrue();
            for (int i = 3; i <= 1000; i++) {
                assertThat(appender.append(java.util.Map.of("line", i))).isFalse();
            }
            assertThat(appender.lines()).isEqualTo(2);
            assertThat(appender.notKept()).isEqualTo(998);
        }
        assertThat(Files.readAllLines(file)).containsExactly("{\"line\":1}", "{\"line\":2}");
    }

    @Test
    void aLongNameKeepsItsResultFilesAndNumberedNamesWithinTheFileSystemsLimit() throws Exception {
        // 83 Chinese characters: 249 bytes, a valid name, but <name>.report.json is not
        String name = "报".repeat(83) + ".csv";
        String stem = DropNames.reportStem(dir, name);
        assertThat(stem).endsWith(".csv").contains("~").startsWith("报报报");
        for (String suffix : List.of(".report.json.tmp", ".report.json", ".rejected.jsonl", ".failed.jsonl")) {
            Files.createFile(dir.resolve(stem + suffix)); // the file system takes each
        }
        assertThat(DropNames.reportStem(dir, name)).as("the next run's stem").isNotEqualTo(stem);

        String longest = "a".repeat(DropNames.MAX_NAME_BYTES - ".jsonl".length()) + ".jsonl";
        Files.createFile(dir.resolve(longest));
        Path second = DropNames.freeTarget(dir, longest);
        assertThat(second.getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .hasSizeLessThanOrEqualTo(DropNames.MAX_NAME_BYTES);
        Files.createFile(second);
        assertThat(DropNames.freeTarget(dir, longest)).isNotEqualTo(second);
        assertThat(DropNames.fitted("short.csv", 16)).isEqualTo("short.csv");
    }
}
