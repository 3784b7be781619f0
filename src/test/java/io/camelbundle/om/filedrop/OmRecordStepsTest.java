package io.camelbundle.om.filedrop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.camelbundle.om.NormalizedEvent;
import io.camelbundle.support.CapturedLogs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The split's aggregation never loses a record from the report, whatever failed on it. */
class OmRecordStepsTest {

    @TempDir
    Path data;

    @Test
    void aRecordThatFailedBeforeItCouldBeSentIsCountedRejectedWithItsLine() throws Exception {
        Path file = Files.createDirectories(data.resolve("inbox")).resolve("events.jsonl");
        Files.writeString(file, "{\"imei\":\"1\"}\n", StandardCharsets.UTF_8);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        OmRecordSteps steps = new OmRecordSteps(null, registry, null);
        try (OmFileJob job = OmFileJob.open(file, Files.createDirectories(data.resolve("reports")), 4096,
                OmFileJobTest.limits())) {
            Exchange record = new DefaultExchange(new DefaultCamelContext());
            record.setProperty(OmRecordSteps.RECORD, new RecordTask(job, new RawRecord(1, 1, Map.of("imei", "1"))));
            record.setException(new IllegalStateException("a defect in a step"));

            steps.aggregate(null, record);

            assertThat(record.getException()).as("one record never stops the file").isNull();
            job.finish();
        }
        JsonNode report = new ObjectMapper().readTree(data.resolve("reports/events.jsonl.report.json").toFile());
        assertThat(report.get("total").asLong()).isEqualTo(1);
        assertThat(report.get("rejected").asLong()).isEqualTo(1);
        assertThat(report.at("/rejections_by_reason/record: internal error").asLong()).isEqualTo(1);
        assertThat(Files.readString(data.resolve("reports/events.jsonl.rejected.jsonl")))
                .contains("\"line\":1").contains("not processed: IllegalStateException (the log has the cause)");
        assertThat(registry.get("bundle.om.events").tag("outcome", "rejected").counter().count()).isEqualTo(1);
    }

    @Test
    void aRecordNotDeliveredIsParkedAndLoggedOnOneLineWhateverOmAnswered() throws Exception {
        Path file = Files.createDirectories(data.resolve("inbox")).resolve("events.jsonl");
        Files.writeString(file, "{\"imei\":\"1\"}\n", StandardCharsets.UTF_8);
        OmRecordSteps steps = new OmRecordSteps(null, new SimpleMeterRegistry(), null);
        List<String> logged;
        try (OmFileJob job = OmFileJob.open(file, Files.createDirectories(data.resolve("reports")), 4096,
                OmFileJobTest.limits())) {
            RecordTask task = new RecordTask(job, new RawRecord(1, 1, Map.of("imei", "1")));
            task.event(new NormalizedEvent(Map.of("imei", "1"), "{\"imei\":\"1\"}", List.of()), null);
            Exchange record = new DefaultExchange(new DefaultCamelContext());
            record.setProperty(OmRecordSteps.RECORD, task);
            record.setException(new IllegalStateException("OM answered code 50001: bad\nERROR forged line"));

            logged = CapturedLogs.of(OmRecordSteps.class, () -> steps.aggregate(null, record));
            job.finish();
        }
        assertThat(logged).singleElement().asString().contains("bad\\nERROR forged line").doesNotContain("\n");
        assertThat(Files.readString(data.resolve("reports/events.jsonl.failed.jsonl"))).contains("_error");
    }
}
