package io.camelbundle.om.filedrop;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.jboss.logging.Logger;

import io.camelbundle.filedrop.DropFolders;
import io.camelbundle.filedrop.DropNames;
import io.camelbundle.om.NormalizationResult;
import io.camelbundle.om.NormalizedEvent;
import io.camelbundle.om.OmConfig;
import io.camelbundle.om.OmEventNormalizer;
import io.camelbundle.om.OmMetrics;
import io.camelbundle.om.Rejection;
import io.camelbundle.persistence.JdbcIdempotentRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The steps of routes/om-file-drop.camel.yaml: open a dropped file, stream its records, normalise each,
 * account for every outcome, write the report. Also the split's aggregation strategy, which is where a
 * record whose delivery finally failed is parked in {@code <file>.failed.jsonl}.
 */
@ApplicationScoped
@Named("omFileDrop")
public class OmFileDrop implements AggregationStrategy {

    /** Exchange property carrying the {@link RecordTask} of a split sub-exchange. */
    public static final String RECORD = "omRecord";
    /** Exchange property carrying the {@link OmFileJob} of the file exchange. */
    public static final String JOB = "omJob";
    /** Header set by {@link #prepare}: {@code send} or {@code done}. */
    public static final String OUTCOME = "omOutcome";

    private static final Logger LOG = Logger.getLogger(OmFileDrop.class);

    private final OmConfig config;
    private final DropFolders folders;
    private final OmEventNormalizer normalizer;
    private final JdbcIdempotentRepository sentRecords;
    private final Path reports;
    private final Map<String, OmFileJob> running = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "om-file-progress");
        t.setDaemon(true);
        return t;
    });
    private final Counter sent;
    private final Counter rejected;
    private final Counter failed;
    private final Counter duplicates;

    OmFileDrop(OmConfig config, OmEventNormalizer normalizer,
            @Named("omSentRecords") JdbcIdempotentRepository sentRecords,
            @Named("omDropFolders") DropFolders folders, MeterRegistry registry) {
        this.config = config;
        this.folders = folders;
        this.normalizer = normalizer;
        this.sentRecords = sentRecords;
        this.reports = Path.of(config.reports()).toAbsolutePath();
        this.sent = OmMetrics.events(registry, "sent");
        this.rejected = OmMetrics.events(registry, "rejected");
        this.failed = OmMetrics.events(registry, "failed");
        this.duplicates = OmMetrics.events(registry, "skipped_duplicate");
        Gauge.builder("bundle.om.in.flight", inFlight, AtomicInteger::get)
                .description("OM events being sent right now").register(registry);
        Gauge.builder("bundle.om.files.in.progress", running, Map::size)
                .description("Dropped OM event files being processed").register(registry);
        long every = Math.max(1, config.progressInterval().toMillis());
        progress.scheduleAtFixedRate(this::logProgress, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Opens the dropped file. A file that cannot be read as CSV or JSON Lines at all gets a report saying
     * why and the exception fails the exchange, so the file consumer moves it to the failed folder.
     */
    public void open(Exchange exchange) throws IOException {
        Path file = exchange.getMessage().getBody(File.class).toPath();
        OmFileJob job;
        try {
            job = OmFileJob.open(file, reports, config.events().maxRecordBytes(), config.fileDrop());
        } catch (UnreadableFileException e) {
            OmFileJob.writeUnreadableReport(file.getFileName().toString(), reports, e.getMessage());
            LOG.errorf("%s cannot be read as CSV or JSON Lines (%s); moved to %s",
                    DropNames.printable(file.getFileName().toString()), e.getMessage(), folders.failed());
            throw e;
        }
        boolean firstRun;
        try {
            firstRun = sentRecords.claimPrefix(job.keyPrefix());
        } catch (RuntimeException e) {
            job.close();
            throw e;
        }
        running.put(job.name(), job);
        exchange.setProperty(JOB, job);
        LOG.infof("%s: started (content %s, %s)", DropNames.printable(job.name()), job.contentHash().substring(0, 12),
                firstRun ? "first run" : "seen before: records confirmed then are skipped");
    }

    /** The records of the file, one at a time, for the streaming split. */
    public Iterator<RecordTask> records(Exchange exchange) {
        return exchange.getProperty(JOB, OmFileJob.class).tasks();
    }

    /**
     * Normalises one record. Unreadable or invalid records are accounted as rejected here; valid ones
     * become the {@link NormalizedEvent} body with {@code omOutcome=send} and their idempotency key in
     * {@code omKey}.
     */
    public void prepare(Exchange exchange) {
        RecordTask task = exchange.getMessage().getBody(RecordTask.class);
        exchange.setProperty(RECORD, task);
        OmFileJob job = task.job();
        if (task.read() instanceof RecordError error) {
            job.rejected(error);
            rejected.increment();
            exchange.getMessage().setHeader(OUTCOME, "done");
            return;
        }
        RawRecord record = (RawRecord) task.read();
        NormalizationResult result = normalizer.normalize(record.fields());
        job.report().normalized(result);
        if (result instanceof Rejection rejection) {
            job.rejected(record, rejection);
            rejected.increment();
            exchange.getMessage().setHeader(OUTCOME, "done");
            return;
        }
        NormalizedEvent event = (NormalizedEvent) result;
        task.event(event);
        exchange.getMessage().setHeader(OUTCOME, "send");
        exchange.getMessage().setHeader("omKey", task.key());
        exchange.getMessage().setBody(event);
        inFlight.incrementAndGet();
    }

    /** OM confirmed the event. */
    public void sent(Exchange exchange) {
        exchange.getProperty(RECORD, RecordTask.class).job().sent();
        inFlight.decrementAndGet();
        sent.increment();
    }

    /** The record was confirmed sent by an earlier run of the same content. */
    public void duplicate(Exchange exchange) {
        exchange.getProperty(RECORD, RecordTask.class).job().skippedDuplicate();
        inFlight.decrementAndGet();
        duplicates.increment();
    }

    /**
     * Aggregation of the split: a record whose delivery failed after the retries arrives here with its
     * exception; it is parked in {@code <file>.failed.jsonl} and the exception cleared, so one bad record
     * never stops the file. Nothing is accumulated: memory stays flat however long the file.
     */
    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        Exception failure = newExchange.getException();
        if (failure != null) {
            RecordTask task = newExchange.getProperty(RECORD, RecordTask.class);
            if (task != null && task.event() != null) {
                task.job().failed(task.event(), failure.getMessage());
                inFlight.decrementAndGet();
                failed.increment();
                LOG.warnf("%s line %d: not delivered: %s", DropNames.printable(task.job().name()), task.read().line(),
                        failure.getMessage());
            } else {
                LOG.errorf(failure, "OM file record failed outside delivery");
            }
            newExchange.setException(null);
        }
        return oldExchange != null ? oldExchange : newExchange;
    }

    /**
     * Writes the report once every record has an outcome and the keys of the records sent are committed (the
     * repository commits them behind the sending threads), so a file reported done is remembered whole.
     */
    public void finish(Exchange exchange) {
        OmFileJob job = exchange.getProperty(JOB, OmFileJob.class);
        try {
            sentRecords.awaitCommitted();
            job.finish();
            FileReport.Snapshot r = job.report().snapshot();
            LOG.infof("%s: done in %d ms: %d records, %d sent, %d rejected, %d failed, %d skipped as already sent"
                    + " (%.0f events/s)", DropNames.printable(job.name()), r.durationMs(), r.total(), r.sent(),
                    r.rejected(), r.failed(),
                    r.skippedDuplicates(), r.eventsPerSecond());
            if (!job.stem().equals(job.name())) {
                LOG.infof("%s: a report of that name exists: this one is %s.report.json",
                        DropNames.printable(job.name()),
                        DropNames.printable(job.stem()));
            }
        } finally {
            forget(job);
        }
    }

    /**
     * Called when the file exchange fails after opening (the route's onCompletion): the report says how far
     * the file got and why it stopped, the reader is closed and the job forgotten. The file goes to om.failed.
     */
    public void abandon(Exchange exchange) {
        OmFileJob job = exchange.getProperty(JOB, OmFileJob.class);
        if (job == null) {
            return; // failed in open(): the unreadable-file report is written already
        }
        Exception e = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String reason = e == null ? "unknown" : rootMessage(e);
        try {
            sentRecords.awaitCommitted();
            job.abandon(reason);
            LOG.errorf("%s: could not be read to its end (%s); report written, file moved to %s",
                    DropNames.printable(job.name()), reason,
                    folders.failed());
        } finally {
            forget(job);
        }
    }

    private void forget(OmFileJob job) {
        running.remove(job.name());
        sentRecords.releasePrefix(job.keyPrefix());
        job.close();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    private void logProgress() {
        for (OmFileJob job : running.values()) {
            FileReport.Snapshot r = job.report().snapshot();
            double seconds = Math.max(0.001, r.durationMs() / 1000.0);
            double rate = r.total() / seconds;
            double share = job.progress();
            String left = share > 0.01 && share < 1
                    ? format(Duration.ofMillis((long) (r.durationMs() * (1 - share) / share)))
                    : "unknown";
            LOG.infof("%s: %d records done (%.0f/s), %.0f%% of the file read, about %s left",
                    DropNames.printable(job.name()), r.total(),
                    rate, share * 100, left);
        }
    }

    private static String format(Duration d) {
        return String.format("%d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
    }

    @PreDestroy
    void stop() {
        progress.shutdownNow();
    }
}
