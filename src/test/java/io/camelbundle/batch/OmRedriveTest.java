package io.camelbundle.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OmRedriveTest {

    @TempDir
    Path data;

    @Test
    void movesEveryParkedFileIntoTheInboxAndNothingElse() throws Exception {
        Path reports = Files.createDirectories(data.resolve("reports"));
        Path inbox = data.resolve("inbox");
        Files.writeString(reports.resolve("a.csv.failed.jsonl"), "{\"doc_id\":\"1\"}\n");
        Files.writeString(reports.resolve("a.csv.report.json"), "{}");
        Files.writeString(reports.resolve("a.csv.rejected.jsonl"), "{}\n");
        OmRedrive redrive = new OmRedrive(reports, inbox,
                Clock.fixed(Instant.parse("2026-11-25T03:00:00Z"), ZoneOffset.UTC));

        assertThat(redrive.redrive()).containsExactly("a.csv.failed.redrive-20261125T030000.jsonl");
        assertThat(inbox.resolve("a.csv.failed.redrive-20261125T030000.jsonl")).hasContent("{\"doc_id\":\"1\"}");
        assertThat(reports.resolve("a.csv.failed.jsonl")).doesNotExist();
        assertThat(reports.resolve("a.csv.report.json")).exists();
        assertThat(reports.resolve("a.csv.rejected.jsonl")).exists();
        assertThat(redrive.redrive()).isEmpty();
    }

    @Test
    void missingReportsFolderIsNothingToDo() throws Exception {
        assertThat(new OmRedrive(data.resolve("none"), data.resolve("inbox"), Clock.systemUTC()).redrive()).isEmpty();
    }
}
