package io.camelbundle.om.filedrop;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.jboss.logging.Logger;

import io.camelbundle.filedrop.DropFolders;
import io.camelbundle.filedrop.DropNames;
import io.camelbundle.filedrop.ResultFileException;
import io.camelbundle.om.OmConfig;
import io.camelbundle.persistence.JdbcIdempotentRepository;
import io.camelbundle.support.LogSafe;
import io.camelbundle.support.Secrets;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

/**
 * The per-file steps of routes/om-file-drop.camel.yaml: open a dropped file, hand its records to the split,
 * then write the report (finish) or say how far it got (abandon); a progress line per running file. The
 * steps for each record are {@link OmRecordSteps}.
 */
// created at start, so its meters (bundle_om_*) are there before the first file
@Startup
@ApplicationScoped
@Named("omFileDrop")
public class OmFileDrop {

    /** Exchange property carrying the {@link OmFileJob} of the file exchange. */
    public static final String JOB = "omJob";
    /** Exchange property: {@link JdbcIdempotentRepository#unstoredKeys} when the file was opened. */
    static final String UNSTORED_MARK = "omUnstoredMark";

    private static final Logger LOG = Logger.getLogger(OmFileDrop.class);

    private final OmConfig config;
    private final DropFolders folders;
    private final JdbcIdempotentRepository sentRecords;
    private final Path reports;
    private final Map<String, OmFileJob> running = new ConcurrentHashMap<>();
    private final ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "om-file-progress");
        t.setDaemon(true);
        return t;
    });

    OmFileDrop(OmConfig config, @Named("omSentRecords") JdbcIdempotentRepository sentRecords,
            @Named("omDropFolders") DropFolders folders, MeterRegistry registry) {
        this.config = config;
        this.folders = folders;
        this.sentRecords = sentRecords;
        this.reports = folders.reports();
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
        folders.taken(exchange);
        OmFileJob job;
        try {
            job = OmFileJob.open(file, reports, config.events().maxRecordBytes(), config.fileDrop());
        } catch (UnreadableFileException e) {
            OmFileJob.writeUnreadableReport(file.getFileName().toString(), reports, e.getMessage());
            // the reason may quote the file's header: escaped, so its line breaks cannot forge log lines
            LOG.errorf("%s cannot be read as CSV or JSON Lines (%s); moved to %s",
                    DropNames.printable(file.getFileName().toString()), LogSafe.escapeReason(e.getMessage()),
                    folders.failed());
            throw e;
        } catch (IOException e) {
            // hashing it, opening it or clearing an interrupted run's result files failed: said, not silent
            String reason = "cannot open the file or its result files: " + e.getClass().getSimpleName() + ": "
                    + e.getMessage();
            OmFileJob.writeUnreadableReport(file.getFileName().toString(), reports, reason);
            LOG.errorf("%s: %s; moved to %s", DropNames.printable(file.getFileName().toString()),
                    LogSafe.escapeReason(reason), folders.failed());
            throw e;
        }
        boolean firstRun;
        try {
            firstRun = sentRecords.claimPrefix(job.keyPrefix());
        } catch (RuntimeException e) {
            job.close();
            // the database is down or refuses: nothing was sent; said in a report, not only by the failed folder
            String reason = "cannot record the file's run in the database (nothing was sent; drop the file again"
                    + " when the database can be reached): " + e.getClass().getSimpleName() + ": "
                    + Secrets.mask(e.getMessage()); // a driver's message, in a report operators pass around
            OmFileJob.writeUnreadableReport(file.getFileName().toString(), reports, reason);
            LOG.errorf("%s: %s; moved to %s", DropNames.printable(file.getFileName().toString()),
                    LogSafe.escapeReason(reason), folders.failed());
            throw e;
        }
        running.put(job.name(), job);
        exchange.setProperty(JOB, job);
        exchange.setProperty(UNSTORED_MARK, sentRecords.unstoredKeys());
        LOG.infof("%s: started (content %s, %s)", DropNames.printable(job.name()), job.contentHash().substring(0, 12),
                firstRun ? "first run" : "seen before: records confirmed then are skipped");
    }

    /**
     * The records of the file, one at a time, for the streaming split. They stop once the key of a record sent
     * could not be stored (the database is gone): every record sent from then on would be forgotten too, and
     * sent again by the next run of the file. {@code finish} then fails the file.
     */
    public Iterator<RecordTask> records(Exchange exchange) {
        Iterator<RecordTask> tasks = exchange.getProperty(JOB, OmFileJob.class).tasks();
        long mark = exchange.getProperty(UNSTORED_MARK, Long.class);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return sentRecords.unstoredKeys() == mark && tasks.hasNext();
            }

            @Override
            public RecordTask next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return tasks.next();
            }
        };
    }

    /**
     * Writes the report once every record has an outcome and the keys of the records sent are committed (the
     * repository commits them behind the sending threads), so a file reported done is remembered whole. When
     * some could not be stored, the file fails instead (abandon() reports it, and it goes to om.failed).
     */
    public void finish(Exchange exchange) {
        OmFileJob job = exchange.getProperty(JOB, OmFileJob.class);
        if (job.readFailure() != null) {
            // every record taken has its outcome now; abandon() reports how far the file got
            throw job.readFailure();
        }
        try {
            sentRecords.awaitCommitted(exchange.getProperty(UNSTORED_MARK, Long.class));
            String writeFailure = job.finish();
            if (writeFailure != null) {
                LOG.errorf("%s: %s; report written, file moved to %s: drop it again when the reports folder can"
                        + " be written (records sent are not sent again)", DropNames.printable(job.name()),
                        writeFailure, folders.failed());
                throw new ResultFileException(job.name(), writeFailure);
            }
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
        if (job == null || job.reported()) {
            return; // failed in open() or in finish(): the report says why already
        }
        Exception e = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String reason = e == null ? "unknown" : reason(e);
        try {
            sentRecords.awaitCommitted();
            job.abandon(reason);
            LOG.errorf("%s: stopped before its end (%s); report written, file moved to %s",
                    DropNames.printable(job.name()), reason,
                    folders.failed());
        } finally {
            forget(job);
        }
    }

    private void forget(OmFileJob job) {
        running.remove(job.name());
        try {
            // dated again at the end: a run may outlast the markers' grace over their keys (retention)
            sentRecords.touchPrefix(job.keyPrefix());
            job.carriedPrefixes().forEach(sentRecords::touchPrefix);
        } catch (RuntimeException e) {
            LOG.warnf("%s: could not date its sent-record markers anew (%s): only a run of more than a day needs"
                    + " it, so that its content dropped again as bundle.sent-records.retention ends sends nothing"
                    + " twice", DropNames.printable(job.name()), e.getMessage());
        } finally {
            sentRecords.releasePrefix(job.keyPrefix());
            job.close();
        }
    }

    private static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JdbcIdempotentRepository.KeysNotStoredException notStored) {
                return "sending stopped: records sent could not be remembered in the database ("
                        + Secrets.mask(notStored.getMessage()) + "); drop the file again when the database can be"
                        + " reached: the records remembered are skipped, those not remembered are sent again";
            }
        }
        return rootMessage(e);
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
