package io.camelbundle.om.filedrop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.camelbundle.om.NormalizationResult;
import io.camelbundle.om.OmEventNormalizer;
import io.camelbundle.om.Rejection;
import io.camelbundle.token.MutableClock;

/** Per-file accounting: outcomes, reason keys, unknown fields, timing, JSON names, concurrency. */
class FileReportTest {

    private static final Instant START = Instant.parse("2026-11-25T10:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MutableClock clock = new MutableClock(START.toEpochMilli());
    private final OmEventNormalizer normalizer = new OmEventNormalizer(OmEventNormalizer.Settings.defaults("sogou"),
            java.time.Clock.fixed(START, ZoneOffset.UTC));

    @Test
    void outcomesAddUpToTotalAndReasonsAreCountedByKeyWithoutValues() {
        FileReport report = new FileReport("events.csv", clock);
        NormalizationResult ok = normalizer.normalize(Map.of("imei", "1", "colour", "red"));
        NormalizationResult bad = normalizer.normalize(Map.of("user_action", "12", "complete", 7, "colour", "x",
                "size", "L"));
        NormalizationResult bad2 = normalizer.normalize(Map.of("user_action", 99));
        report.normalized(ok);
        report.normalized(bad);
        report.normalized(bad2);
        report.rejected(new RecordError(4, 5, RecordError.INVALID_JSON, "not valid JSON: ..."));
        report.sent();
        report.sent();
        report.failed();
        report.skippedDuplicate();

        FileReport.Snapshot snapshot = report.snapshot();
        assertThat(snapshot.sent()).isEqualTo(2);
        assertThat(snapshot.rejected()).isEqualTo(3);
        assertThat(snapshot.failed()).isEqualTo(1);
        assertThat(snapshot.skippedDuplicates()).isEqualTo(1);
        assertThat(snapshot.total()).isEqualTo(7).isEqualTo(report.total());
        assertThat(snapshot.rejectionsByReason()).containsExactly(
                Map.entry("complete: out of range", 1L),
                Map.entry("record: not valid JSON", 1L),
                Map.entry("user_action: out of range", 2L));
        assertThat(snapshot.unknownFields()).containsExactly(Map.entry("colour", 2L), Map.entry("size", 1L));
    }

    @Test
    void unknownFieldsCountOncePerRecord() {
        FileReport report = new FileReport("f.jsonl", clock);
        report.countUnknownFields(List.of("x", "x", "y"));
        report.countUnknownFields(List.of("x"));
        assertThat(report.snapshot().unknownFields()).containsExactly(Map.entry("x", 2L), Map.entry("y", 1L));
        assertThat(report.total()).isZero();
    }

    @Test
    void timingAndRateFollowTheClockAndFinishOnlyOnce() {
        FileReport report = new FileReport("f.csv", clock);
        for (int i = 0; i < 250; i++) {
            report.sent();
        }
        report.failed();
        clock.advance(Duration.ofMillis(2_000));
        FileReport.Snapshot running = report.snapshot();
        assertThat(running.finished()).isNull();
        assertThat(running.durationMs()).isEqualTo(2_000);
        assertThat(running.eventsPerSecond()).isEqualTo(125.0);
        assertThat(report.isFinished()).isFalse();

        clock.advance(Duration.ofMillis(1_000));
        report.finish();
        clock.advance(Duration.ofMinutes(5));
        report.finish();
        FileReport.Snapshot done = report.snapshot();
        assertThat(report.isFinished()).isTrue();
        assertThat(done.started()).isEqualTo("2026-11-25T10:00:00Z");
        assertThat(done.finished()).isEqualTo("2026-11-25T10:00:03Z");
        assertThat(done.durationMs()).isEqualTo(3_000);
        assertThat(done.eventsPerSecond()).isEqualTo(83.33);
    }

    @Test
    void rateIsZeroWithoutSentEventsAndNeverDividesByZero() {
        assertThat(FileReport.eventsPerSecond(0, 0)).isZero();
        assertThat(FileReport.eventsPerSecond(5, 0)).isEqualTo(5000.0);
        assertThat(FileReport.eventsPerSecond(1, 3)).isEqualTo(333.33);
    }

    @Test
    void jsonHasExactlyTheDocumentedSnakeCaseNamesInOrder() throws Exception {
        FileReport report = new FileReport("事件 2026.csv.gz", clock);
        report.normalized(normalizer.normalize(Map.of("user_action", 12, "extra", "1")));
        report.sent();
        clock.advance(Duration.ofMillis(500));
        report.finish();
        JsonNode json = JSON.readTree(report.toJson());
        List<String> names = new ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("file", "started", "finished", "duration_ms", "total", "sent", "rejected",
                "failed", "skipped_duplicates", "events_per_second", "rejections_by_reason", "unknown_fields",
                "unknown_fields_not_listed");
        assertThat(json.get("file").asText()).isEqualTo("事件 2026.csv.gz");
        assertThat(json.get("started").asText()).isEqualTo("2026-11-25T10:00:00Z");
        assertThat(json.get("finished").asText()).isEqualTo("2026-11-25T10:00:00.500Z");
        assertThat(json.get("duration_ms").asLong()).isEqualTo(500);
        assertThat(json.get("total").asLong()).isEqualTo(2);
        assertThat(json.get("sent").asLong()).isEqualTo(1);
        assertThat(json.get("rejected").asLong()).isEqualTo(1);
        assertThat(json.get("failed").asLong()).isZero();
        assertThat(json.get("skipped_duplicates").asLong()).isZero();
        assertThat(json.get("events_per_second").asDouble()).isEqualTo(2.0);
        assertThat(json.get("rejections_by_reason").get("user_action: out of range").asLong()).isEqualTo(1);
        assertThat(json.get("unknown_fields").get("extra").asLong()).isEqualTo(1);
    }

    @Test
    void unknownFieldsListAtMostTheConfiguredNamesEachCutToTheConfiguredLength() throws Exception {
        FileReport report = new FileReport("wide.jsonl", clock, 3, 10);
        String huge = "k".repeat(45_000);
        for (int line = 0; line < 400; line++) {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                names.add(huge + line + "-" + i);
            }
            report.countUnknownFields(names);
        }
        report.countUnknownFields(List.of("a", "b"));
        JsonNode json = JSON.readTree(report.toJson());
        JsonNode listed = json.get("unknown_fields");
        assertThat(listed.size()).isEqualTo(3);
        // the 8000 huge names all cut to the same 10 characters: one name, counted once per record
        assertThat(listed.get("kkkkkkkkkk...").asLong()).isEqualTo(400);
        assertThat(listed.get("a").asLong()).isEqualTo(1);
        assertThat(listed.get("b").asLong()).isEqualTo(1);
        listed.fieldNames().forEachRemaining(name -> assertThat(name.length()).isLessThanOrEqualTo(13));

        report.countUnknownFields(List.of("c", "d", "a"));
        JsonNode later = JSON.readTree(report.toJson());
        assertThat(later.get("unknown_fields").size()).isEqualTo(3);
        assertThat(later.get("unknown_fields").get("a").asLong()).isEqualTo(2);
        assertThat(later.get("unknown_fields_not_listed").asLong()).as("c and d").isEqualTo(2);
    }

    @Test
    void runningReportWritesFinishedAsNull() throws Exception {
        JsonNode json = JSON.readTree(new FileReport("f.csv", clock).toJson());
        assertThat(json.get("finished").isNull()).isTrue();
        assertThat(json.get("rejections_by_reason").isObject()).isTrue();
        assertThat(json.get("rejections_by_reason").size()).isZero();
    }

    @Test
    void concurrentIncrementsAreAllCountedAndTheInvariantHoldsInEverySnapshot() throws Exception {
        FileReport report = new FileReport("f.csv", clock);
        Rejection rejection = (Rejection) normalizer.normalize(Map.of("source", 9));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 10_000; i++) {
                        switch (i % 4) {
                            case 0 -> report.sent();
                            case 1 -> report.rejected(rejection);
                            case 2 -> report.failed();
                            default -> report.skippedDuplicate();
                        }
                        if (i % 1000 == 0) {
                            FileReport.Snapshot s = report.snapshot();
                            assertThat(s.total())
                                    .isEqualTo(s.sent() + s.rejected() + s.failed() + s.skippedDuplicates());
                        }
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        FileReport.Snapshot s = report.snapshot();
        assertThat(s.total()).isEqualTo(40_000);
        assertThat(s.sent()).isEqualTo(10_000);
        assertThat(s.rejected()).isEqualTo(10_000);
        assertThat(s.failed()).isEqualTo(10_000);
        assertThat(s.skippedDuplicates()).isEqualTo(10_000);
        assertThat(s.rejectionsByReason()).containsExactly(Map.entry("source: out of range", 10_000L));
    }
}
