package io.camelbundle.om.filedrop;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.camelbundle.om.NormalizationResult;
import io.camelbundle.om.Rejection;

/**
 * Accounting of one dropped file, written as {@code <file>.report.json} when the file is done.
 *
 * <p>Every record ends in exactly one outcome: {@link #sent()}, rejected ({@link #rejected(Rejection)} or
 * {@link #rejected(RecordError)}), {@link #failed()} (sending gave up after retries) or
 * {@link #skippedDuplicate()} (already sent before, by idempotency key). {@code total} is their sum, so
 * {@code total = sent + rejected + failed + skipped_duplicates} holds at every moment, also in a snapshot
 * taken while records are in flight (those are simply not counted yet).
 *
 * <p>{@code rejections_by_reason} counts reason keys without values ({@code "user_action: out of range"},
 * {@code "record: not valid JSON"}); a record rejected for three reasons counts once in {@code rejected}
 * and once under each of its three keys. {@code unknown_fields} counts, per unknown input field name, the
 * records that carried it, whatever their outcome: call {@link #normalized(NormalizationResult)} once per
 * normalised record.
 *
 * <p>Thread-safe: increments may come from parallel sending threads.
 */
public final class FileReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String file;
    private final Clock clock;
    private final Instant started;
    private final AtomicReference<Instant> finished = new AtomicReference<>();
    private final LongAdder sent = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder skippedDuplicates = new LongAdder();
    private final Map<String, LongAdder> rejectionsByReason = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> unknownFields = new ConcurrentHashMap<>();
    private final LongAdder unknownFieldsNotListed = new LongAdder();
    private final int maxUnknownFields;
    private final int maxUnknownFieldLength;

    /**
     * Starts the report now, by {@code clock}. {@code unknown_fields} lists at most {@code maxUnknownFields}
     * names, each cut to {@code maxUnknownFieldLength} characters (with "..." after it): a file of endless
     * distinct or huge names must not fill the heap. Records carrying a name not listed are counted per name
     * occurrence in {@code unknown_fields_not_listed}.
     */
    public FileReport(String file, Clock clock, int maxUnknownFields, int maxUnknownFieldLength) {
        this.file = Objects.requireNonNull(file, "file");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.started = clock.instant();
        this.maxUnknownFields = maxUnknownFields;
        this.maxUnknownFieldLength = Math.max(1, maxUnknownFieldLength);
    }

    public FileReport(String file, Clock clock) {
        this(file, clock, DEFAULT_MAX_UNKNOWN_FIELDS, DEFAULT_MAX_UNKNOWN_FIELD_LENGTH);
    }

    public FileReport(String file) {
        this(file, Clock.systemUTC());
    }

    /** Defaults of om.file-drop.max-unknown-fields and om.file-drop.max-unknown-field-length. */
    public static final int DEFAULT_MAX_UNKNOWN_FIELDS = 100;
    public static final int DEFAULT_MAX_UNKNOWN_FIELD_LENGTH = 200;

    /**
     * Records what normalisation found: counts the unknown fields, and if the record is a
     * {@link Rejection}, its outcome. An accepted record's outcome comes later ({@link #sent()},
     * {@link #failed()} or {@link #skippedDuplicate()}).
     */
    public void normalized(NormalizationResult result) {
        countUnknownFields(result.unknownFields());
        if (result instanceof Rejection rejection) {
            rejected(rejection);
        }
    }

    /** Outcome: rejected by the normaliser. Does not count unknown fields (see {@link #normalized}). */
    public void rejected(Rejection rejection) {
        rejected.increment();
        for (Rejection.Reason reason : rejection.reasons()) {
            count(rejectionsByReason, reason.key());
        }
    }

    /** Outcome: the record could not be read. */
    public void rejected(RecordError error) {
        rejected.increment();
        count(rejectionsByReason, error.key());
    }

    /** Outcome: OM accepted the event. */
    public void sent() {
        sent.increment();
    }

    /** Outcome: sending gave up (retries exhausted or a permanent error). */
    public void failed() {
        failed.increment();
    }

    /** Outcome: the event was sent before (same file content and position) and was not sent again. */
    public void skippedDuplicate() {
        skippedDuplicates.increment();
    }

    /** Counts one record's unknown field names (each name once per record). */
    public void countUnknownFields(Collection<String> names) {
        names.stream().map(this::shown).distinct().forEach(this::countUnknownField);
    }

    private String shown(String name) {
        if (name.length() <= maxUnknownFieldLength) {
            return name;
        }
        int cut = Character.isHighSurrogate(name.charAt(maxUnknownFieldLength - 1)) ? maxUnknownFieldLength - 1
                : maxUnknownFieldLength;
        return name.substring(0, cut) + "...";
    }

    private void countUnknownField(String name) {
        LongAdder counter = unknownFields.get(name);
        if (counter == null) {
            synchronized (unknownFields) {
                counter = unknownFields.get(name);
                if (counter == null) {
                    if (unknownFields.size() >= maxUnknownFields) {
                        unknownFieldsNotListed.increment();
                        return;
                    }
                    counter = new LongAdder();
                    unknownFields.put(name, counter);
                }
            }
        }
        counter.increment();
    }

    /** Marks the file done; the first call wins, later calls change nothing. */
    public void finish() {
        finished.compareAndSet(null, clock.instant());
    }

    public boolean isFinished() {
        return finished.get() != null;
    }

    public long total() {
        return sent.sum() + rejected.sum() + failed.sum() + skippedDuplicates.sum();
    }

    /**
     * The report's values now. Counters are read one after another, so under concurrent increments a
     * snapshot may be a moment out of date, but {@code total} is always the sum of the four outcomes in it.
     */
    public Snapshot snapshot() {
        long sentNow = sent.sum();
        long rejectedNow = rejected.sum();
        long failedNow = failed.sum();
        long skippedNow = skippedDuplicates.sum();
        Instant end = finished.get();
        Instant until = end != null ? end : clock.instant();
        long durationMs = Math.max(0, Duration.between(started, until).toMillis());
        return new Snapshot(file, started.toString(), end == null ? null : end.toString(), durationMs,
                sentNow + rejectedNow + failedNow + skippedNow, sentNow, rejectedNow, failedNow, skippedNow,
                eventsPerSecond(sentNow, durationMs), sorted(rejectionsByReason), sorted(unknownFields),
                unknownFieldsNotListed.sum());
    }

    /** The snapshot as the JSON of {@code <file>.report.json} (indented, UTF-8 text). */
    public String toJson() {
        try {
            return JSON.writeValueAsString(snapshot());
        } catch (JsonProcessingException e) {
            // only strings, numbers and maps of them: cannot happen
            throw new IllegalStateException("cannot write the file report as JSON", e);
        }
    }

    /**
     * Events sent per second of wall-clock time since the start, two decimals. Only {@code sent} counts: it
     * is the rate OM received, the figure to compare with the throttle; a file of rejected records or
     * duplicates processes fast but sends nothing.
     */
    static double eventsPerSecond(long sent, long durationMs) {
        if (sent == 0) {
            return 0;
        }
        double rate = sent * 1000.0 / Math.max(1, durationMs);
        return Math.round(rate * 100) / 100.0;
    }

    private static void count(Map<String, LongAdder> counters, String key) {
        counters.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    private static Map<String, Long> sorted(Map<String, LongAdder> counters) {
        Map<String, Long> copy = new TreeMap<>();
        counters.forEach((key, value) -> copy.put(key, value.sum()));
        return copy;
    }

    /**
     * The report as written; JSON names are the documented snake_case ones.
     *
     * @param file               the file's name
     * @param started            ISO-8601 instant the report was created
     * @param finished           ISO-8601 instant {@link #finish()} was called, or null while running
     * @param durationMs         finished (or now) minus started, in milliseconds
     * @param total              sent + rejected + failed + skippedDuplicates
     * @param eventsPerSecond    sent per second of duration
     * @param rejectionsByReason reason key to count, sorted by key
     * @param unknownFields      unknown field name to number of records carrying it, sorted by name (at most
     *                           om.file-drop.max-unknown-fields names, each cut to the configured length)
     * @param unknownFieldsNotListed records x unknown names not listed because the list was full
     */
    @JsonPropertyOrder({"file", "started", "finished", "duration_ms", "total", "sent", "rejected", "failed",
            "skipped_duplicates", "events_per_second", "rejections_by_reason", "unknown_fields",
            "unknown_fields_not_listed"})
    public record Snapshot(
            @JsonProperty("file") String file,
            @JsonProperty("started") String started,
            @JsonProperty("finished") String finished,
            @JsonProperty("duration_ms") long durationMs,
            @JsonProperty("total") long total,
            @JsonProperty("sent") long sent,
            @JsonProperty("rejected") long rejected,
            @JsonProperty("failed") long failed,
            @JsonProperty("skipped_duplicates") long skippedDuplicates,
            @JsonProperty("events_per_second") double eventsPerSecond,
            @JsonProperty("rejections_by_reason") Map<String, Long> rejectionsByReason,
            @JsonProperty("unknown_fields") Map<String, Long> unknownFields,
            @JsonProperty("unknown_fields_not_listed") long unknownFieldsNotListed) {
    }
}
