package io.camelbundle.om.filedrop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.camelbundle.filedrop.DropNames;
import io.camelbundle.filedrop.JsonlAppender;
import io.camelbundle.filedrop.OpenedDrop;
import io.camelbundle.filedrop.ReportFiles;
import io.camelbundle.om.NormalizedEvent;
import io.camelbundle.om.OmConfig;
import io.camelbundle.om.Rejection;
import io.camelbundle.support.Secrets;

/**
 * One dropped file being reported: its reader, its accounting and its result files
 * ({@code <stem>.report.json}, {@code <stem>.rejected.jsonl}, {@code <stem>.failed.jsonl}; the stem is the file
 * name, numbered if a report of that name exists already: {@link DropNames#reportStem}).
 */
public final class OmFileJob implements AutoCloseable {

    static final int MAX_CARRIED_PREFIXES = 1000;

    /** Turns the report record into fields; ReportFiles writes them. */
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final String name;
    private final long size;
    private final String contentHash;
    private final String keyPrefix;
    private final Path reports;
    private final String stem;
    private final FileReport report;
    private final AtomicLong bytesRead = new AtomicLong();
    private final JsonlAppender rejected;
    private final JsonlAppender failed;
    private EventFileReader reader;
    private volatile boolean reported;
    /** Prefixes of the parked records' keys whose markers this file touched; at most MAX_CARRIED_PREFIXES. */
    private final Set<String> carriedPrefixes = ConcurrentHashMap.newKeySet();
    /** Set by the split's iteration, read by {@code finish} on the route's thread. */
    private volatile UnreadableFileException readFailure;

    private OmFileJob(Path file, Path reports, String contentHash, long size, OmConfig.FileDrop limits) {
        this.file = file;
        this.name = file.getFileName().toString();
        this.reports = reports;
        this.stem = DropNames.reportStem(reports, name);
        this.contentHash = contentHash;
        this.keyPrefix = contentHash + ":";
        this.report = new FileReport(name, Clock.systemUTC(), limits.maxUnknownFields(),
                limits.maxUnknownFieldLength());
        this.rejected = new JsonlAppender(reports.resolve(stem + ".rejected.jsonl"), limits.maxRejectedBytes());
        this.failed = new JsonlAppender(reports.resolve(stem + ".failed.jsonl"));
        this.size = size;
    }

    /**
     * Hashes the content (the idempotency key's first half), then opens the reader. Result files of an
     * earlier, interrupted run of the same content are replaced: the resumed run accounts for every record
     * again (those sent before count as skipped duplicates); a finished report is never replaced (the stem
     * is numbered instead). Records longer than {@code maxRecordBytes} are rejected.
     */
    public static OmFileJob open(Path file, Path reports, int maxRecordBytes, OmConfig.FileDrop limits)
            throws IOException {
        OpenedDrop opened = OpenedDrop.open(file);
        OmFileJob job;
        try {
            job = new OmFileJob(file, reports, opened.sha256(), opened.size(), limits);
            Files.deleteIfExists(reports.resolve(job.stem + ".rejected.jsonl"));
            Files.deleteIfExists(reports.resolve(job.stem + ".failed.jsonl"));
        } catch (IOException | RuntimeException e) {
            opened.content().close();
            throw e;
        }
        // the reader owns the stream from here on, also when it throws
        job.reader = EventFileReader.open(new CountingInputStream(opened.content(), job.bytesRead), job.name,
                maxRecordBytes, limits.maxDecompressedBytes());
        return job;
    }

    /** Writes the report of a file that cannot be read at all, or was refused (it goes to the failed folder). */
    public static void writeUnreadableReport(String name, Path reports, String reason) {
        FileReport report = new FileReport(name);
        report.finish();
        @SuppressWarnings("unchecked")
        Map<String, Object> body = new LinkedHashMap<>(JSON.convertValue(report.snapshot(), Map.class));
        body.put("error", Secrets.mask(reason));
        ReportFiles.writeJson(reports.resolve(DropNames.reportStem(reports, name) + ".report.json"), body);
    }

    /**
     * The records for the split. A file that cannot be read to its end (a truncated gzip, an I/O error) ends
     * the iteration instead of failing it, and the failure is kept ({@link #readFailure()}): Camel's parallel
     * split asks for the next record before it hands the current one to a sending thread and stops at once when
     * that throws, so the last good record was never sent and the records still sending were not waited for.
     * Ended this way, the split waits for every record taken, and {@code finish} then fails the file.
     */
    public Iterator<RecordTask> tasks() {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                if (readFailure != null) {
                    return false;
                }
                try {
                    return reader.hasNext();
                } catch (UnreadableFileException e) {
                    readFailure = e;
                    return false;
                }
            }

            @Override
            public RecordTask next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return new RecordTask(OmFileJob.this, reader.next());
            }
        };
    }

    /** Whether the marker of {@code prefix}, of a parked record's carried key, was touched in this file already. */
    boolean carriedMarkerTouched(String prefix) {
        return carriedPrefixes.contains(prefix);
    }

    /**
     * Remembers that the marker of {@code prefix} was touched, once the touch succeeded (records of that prefix
     * in parallel touch it too until then, so none adds a key while the marker may be missing). At most
     * {@value #MAX_CARRIED_PREFIXES} prefixes: a file of records from endless different files costs one touch
     * per record beyond them, not memory.
     */
    void rememberCarriedMarkerTouched(String prefix) {
        if (carriedPrefixes.size() < MAX_CARRIED_PREFIXES) {
            carriedPrefixes.add(prefix);
        }
    }

    /** The carried prefixes whose markers this file touched (at most {@value #MAX_CARRIED_PREFIXES}). */
    Set<String> carriedPrefixes() {
        return Set.copyOf(carriedPrefixes);
    }

    /** Why reading stopped before the end of the file, or null. */
    public UnreadableFileException readFailure() {
        return readFailure;
    }

    /** The name its result files start with. */
    public String stem() {
        return stem;
    }

    void rejected(RecordError error) {
        report.rejected(error);
        rejected.append(rejectionLine(error.line(), List.of(error.reason()), null));
    }

    /** The report already counted the rejection when it saw the normalisation result. */
    void rejected(RawRecord record, Rejection rejection) {
        rejected.append(rejectionLine(record.line(), rejection.messages(), record.fields()));
    }

    void sent() {
        report.sent();
    }

    void skippedDuplicate() {
        report.skippedDuplicate();
    }

    /**
     * Parks a valid record that could not be delivered, as a JSON line that re-sends it when dropped again,
     * under the same idempotency {@code key} ({@link ParkedRecord}).
     */
    void failed(NormalizedEvent event, String key, String error) {
        report.failed();
        failed.append(ParkedRecord.line(event.fields(), key, Secrets.mask(error)));
    }

    public FileReport report() {
        return report;
    }

    public String name() {
        return name;
    }

    public String contentHash() {
        return contentHash;
    }

    /** What the idempotency keys of this content's records start with: the content hash and a colon. */
    public String keyPrefix() {
        return keyPrefix;
    }

    /** Share of the file's bytes read so far, 0..1 (compressed bytes for .gz). */
    public double progress() {
        return size <= 0 ? 0 : Math.min(1.0, bytesRead.get() / (double) size);
    }

    /**
     * Finishes the accounting, closes the result files (what they buffer is written before the report says
     * the file is done) and writes {@code <file>.report.json}. Returns why a result file is incomplete (the
     * report's {@code error} says it too), or null.
     */
    public String finish() {
        String writeFailure = closeResultFiles();
        report.finish();
        Map<String, Object> body = withLimits(report.snapshot());
        if (writeFailure != null) {
            body.put("error", writeFailure);
        }
        ReportFiles.writeJson(reports.resolve(stem + ".report.json"), body);
        reported = true;
        return writeFailure;
    }

    /** Whether {@link #finish} wrote the report. */
    public boolean reported() {
        return reported;
    }

    /** Closes both result files; returns why one is incomplete, or null. */
    private String closeResultFiles() {
        rejected.close();
        failed.close();
        String failure = failed.failure();
        String other = rejected.failure();
        return failure == null ? other : other == null ? failure : failure + "; " + other;
    }

    /** The report as JSON fields, with {@code rejected_not_kept} when .rejected.jsonl reached its limit. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> withLimits(FileReport.Snapshot r) {
        Map<String, Object> body = new LinkedHashMap<>(JSON.convertValue(r, Map.class));
        long notKept = rejected.notKept();
        if (notKept > 0) {
            body.put("rejected_not_kept", notKept);
        }
        return body;
    }

    /**
     * Writes {@code <file>.report.json} of a file that could not be read to its end (e.g. a truncated .gz):
     * the records accounted for so far, and {@code error} saying where and why reading stopped.
     */
    public void abandon(String reason) {
        String writeFailure = closeResultFiles();
        report.finish();
        FileReport.Snapshot r = report.snapshot();
        Map<String, Object> body = withLimits(r);
        body.put("error", "reading stopped after " + r.total() + " records: " + reason
                + (writeFailure == null ? "" : "; " + writeFailure));
        ReportFiles.writeJson(reports.resolve(stem + ".report.json"), body);
    }

    @Override
    public void close() {
        rejected.close();
        failed.close();
        if (reader != null) {
            reader.close();
        }
    }

    private static Map<String, Object> rejectionLine(long line, List<String> reasons, Map<String, Object> record) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("line", line);
        out.put("reasons", reasons);
        out.put("record", record);
        return out;
    }

}
