package io.camelbundle.om.filedrop;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.camelbundle.om.NormalizedEvent;
import io.camelbundle.om.OmConfig;

/** A file's result files are complete before its report says it is done, or the report says what is missing. */
class OmFileJobTest {

    @TempDir
    Path data;

    static OmConfig.FileDrop limits() {
        return (OmConfig.FileDrop) Proxy.newProxyInstance(OmFileJobTest.class.getClassLoader(),
                new Class<?>[]{OmConfig.FileDrop.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "maxDecompressedBytes", "maxRejectedBytes" -> 1L << 20;
                    case "maxUnknownFields", "maxUnknownFieldLength" -> 100;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private OmFileJob open() throws Exception {
        Path file = Files.createDirectories(data.resolve("inbox")).resolve("events.jsonl");
        Files.writeString(file, "{\"imei\":\"1\"}\n", StandardCharsets.UTF_8);
        return OmFileJob.open(file, Files.createDirectories(data.resolve("reports")), 4096, limits());
    }

    private static NormalizedEvent event() {
        return new NormalizedEvent(Map.of("imei", "1"), "{\"imei\":\"1\"}", List.of());
    }

    private JsonNode report() throws Exception {
        return new ObjectMapper().readTree(data.resolve("reports/events.jsonl.report.json").toFile());
    }

    @Test
    void parkedLinesAreOnDiskWhenTheReportIsWritten() throws Exception {
        try (OmFileJob job = open()) {
            job.failed(event(), "a".repeat(64) + ":1", "OM answered HTTP 500");
            assertThat(job.finish()).isNull();
            assertThat(job.reported()).isTrue();
            assertThat(Files.readAllLines(data.resolve("reports/events.jsonl.failed.jsonl"))).singleElement()
                    .asString().contains("\"_key\":\"" + "a".repeat(64) + ":1\"");
            assertThat(report().get("failed").asLong()).isEqualTo(1);
            assertThat(report().has("error")).isFalse();
        }
    }

    @Test
    void aParkedLineThatCannotBeWrittenIsTheReportsError() throws Exception {
        try (OmFileJob job = open()) {
            // where the parked records go is not writable (as on a full disk)
            Files.createDirectories(data.resolve("reports/events.jsonl.failed.jsonl"));
            job.failed(event(), "a".repeat(64) + ":1", "OM answered HTTP 500");
            String failure = job.finish();
            assertThat(failure).startsWith("cannot write events.jsonl.failed.jsonl: ")
                    .endsWith("(the file is incomplete; 1 line was meant for it)");
            assertThat(report().get("error").asText()).isEqualTo(failure);
            assertThat(report().get("failed").asLong()).as("the record's outcome stands").isEqualTo(1);
        }
    }

    @Test
    void anAbandonedFileNamesTheResultFileItCouldNotWriteToo() throws Exception {
        try (OmFileJob job = open()) {
            Files.createDirectories(data.resolve("reports/events.jsonl.failed.jsonl"));
            job.failed(event(), "a".repeat(64) + ":1", "timeout");
            job.abandon("EOFException: Unexpected end of ZLIB input stream");
            assertThat(report().get("error").asText()).startsWith(
                    "reading stopped after 1 records: EOFException: Unexpected end of ZLIB input stream; cannot write"
                            + " events.jsonl.failed.jsonl: ");
        }
    }
}
