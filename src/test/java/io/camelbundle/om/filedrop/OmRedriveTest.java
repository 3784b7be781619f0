package io.camelbundle.om.filedrop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.camelbundle.filedrop.DropNames;

class OmRedriveTest {

    @TempDir
    Path data;

    @Test
    void movesEveryParkedFileIntoTheInboxAndNothingElse() throws Exception {
        Path reports = Files.createDirectories(data.resolve("reports"));
        Path inbox = data.resolve("inbox");
        Files.writeString(reports.resolve("a.csv.failed.jsonl"), "{\"doc_id\":\"1\"}\n");
        Files.writeString(reports.resolve("a.csv.report.json"), omReport("a.csv"));
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

    /** The report the OM file drop writes (a finished run). */
    private static String omReport(String name) {
        FileReport report = new FileReport(name);
        report.failed();
        report.finish();
        return report.toJson();
    }

    @Test
    void parkedLinesOfTzeFilesAndOfRunsWithoutAReportStayWhereTheyAre() throws Exception {
        Path reports = Files.createDirectories(data.resolve("reports"));
        Path inbox = data.resolve("inbox");
        // a TZE file's failed lines in the same folder (both vendors shared data/reports before)
        Files.writeString(reports.resolve("t.jsonl.failed.jsonl"), "{\"personIds\":[\"p\"],\"_line\":1}\n");
        Files.writeString(reports.resolve("t.jsonl.report.json"), "{\"file\":\"t.jsonl\",\"started\":\"x\","
                + "\"lines\":1,\"requests_sent\":1,\"persons\":{},\"skipped_duplicates\":0}");
        // an OM run still going or interrupted: its resumed run rewrites the file
        Files.writeString(reports.resolve("running.csv.failed.jsonl"), "{\"doc_id\":\"2\"}\n");
        Files.writeString(reports.resolve("o.jsonl.failed.jsonl"), "{\"doc_id\":\"3\"}\n");
        Files.writeString(reports.resolve("o.jsonl.report.json"), omReport("o.jsonl"));
        OmRedrive redrive = new OmRedrive(reports, inbox,
                Clock.fixed(Instant.parse("2026-11-25T03:00:00Z"), ZoneOffset.UTC));

        assertThat(redrive.redrive()).containsExactly("o.jsonl.failed.redrive-20261125T030000.jsonl");
        assertThat(reports.resolve("t.jsonl.failed.jsonl")).exists();
        assertThat(reports.resolve("running.csv.failed.jsonl")).exists();
        try (var left = Files.list(inbox)) {
            assertThat(left).hasSize(1);
        }
    }

    @Test
    void aFileParkedOnEveryRunKeepsItsNameLengthAndALongNameIsShortenedToFit() throws Exception {
        Path reports = Files.createDirectories(data.resolve("reports"));
        Path inbox = data.resolve("inbox");
        // parked by the run of an earlier re-drive's file, itself numbered because its name was taken
        String again = "events.csv.failed.redrive-20261124T030000.1.jsonl";
        Files.writeString(reports.resolve(again + ".failed.jsonl"), "{\"doc_id\":\"4\"}\n");
        Files.writeString(reports.resolve(again + ".report.json"), omReport(again));
        // a name the file system takes, but not once .redrive-<stamp> is added: shortened with a hash of it
        String longName = "a" + "x".repeat(225) + ".csv";
        Files.writeString(reports.resolve(longName + ".failed.jsonl"), "{\"doc_id\":\"5\"}\n");
        Files.writeString(reports.resolve(longName + ".report.json"), omReport(longName));
        Files.writeString(reports.resolve("z.csv.failed.jsonl"), "{\"doc_id\":\"6\"}\n");
        Files.writeString(reports.resolve("z.csv.report.json"), omReport("z.csv"));
        OmRedrive redrive = new OmRedrive(reports, inbox,
                Clock.fixed(Instant.parse("2026-11-25T03:00:00Z"), ZoneOffset.UTC));

        List<String> moved = redrive.redrive();
        assertThat(moved).hasSize(3).contains("events.csv.failed.redrive-20261125T030000.jsonl",
                "z.csv.failed.redrive-20261125T030000.jsonl");
        String shortened = moved.stream().filter(n -> n.startsWith("axxx")).findFirst().orElseThrow();
        assertThat(shortened).endsWith(".jsonl").contains("~").hasSizeLessThanOrEqualTo(DropNames.MAX_NAME_BYTES);
        assertThat(inbox.resolve(shortened)).exists();
        assertThat(reports.resolve(longName + ".failed.jsonl")).doesNotExist();
    }

    @Test
    void missingReportsFolderIsNothingToDo() throws Exception {
        assertThat(new OmRedrive(data.resolve("none"), data.resolve("inbox"), Clock.systemUTC()).redrive()).isEmpty();
    }
}
