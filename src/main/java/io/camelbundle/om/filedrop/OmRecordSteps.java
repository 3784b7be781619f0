package io.camelbundle.om.filedrop;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.jboss.logging.Logger;

import io.camelbundle.filedrop.DropNames;
import io.camelbundle.om.NormalizationResult;
import io.camelbundle.om.NormalizedEvent;
import io.camelbundle.om.OmEventNormalizer;
import io.camelbundle.om.OmMetrics;
import io.camelbundle.om.Rejection;
import io.camelbundle.persistence.JdbcIdempotentRepository;
import io.camelbundle.support.LogSafe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

/**
 * The steps of routes/om-file-drop.camel.yaml for each record of a file, inside its streaming split: normalise
 * it and account for its outcome (rejected, sent, sent by an earlier run). Also the split's aggregation
 * strategy, which is where a record whose delivery finally failed is parked in {@code <file>.failed.jsonl}.
 */
// created at start, so its meters (bundle_om_*) are there before the first file
@Startup
@ApplicationScoped
@Named("omRecordSteps")
public class OmRecordSteps implements AggregationStrategy {

    /** Exchange property carrying the {@link RecordTask} of a split sub-exchange. */
    public static final String RECORD = "omRecord";
    /** Header set by {@link #prepare}: {@code send} or {@code done}. */
    public static final String OUTCOME = "omOutcome";

    private static final Logger LOG = Logger.getLogger(OmRecordSteps.class);

    private final OmEventNormalizer normalizer;
    private final JdbcIdempotentRepository sentRecords;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Counter sent;
    private final Counter rejected;
    private final Counter failed;
    private final Counter duplicates;

    OmRecordSteps(OmEventNormalizer normalizer, MeterRegistry registry,
            @Named("omSentRecords") JdbcIdempotentRepository sentRecords) {
        this.normalizer = normalizer;
        this.sentRecords = sentRecords;
        this.sent = OmMetrics.events(registry, "sent");
        this.rejected = OmMetrics.events(registry, "rejected");
        this.failed = OmMetrics.events(registry, "failed");
        this.duplicates = OmMetrics.events(registry, "skipped_duplicate");
        Gauge.builder("bundle.om.in.flight", inFlight, AtomicInteger::get)
                .description("OM events being sent right now").register(registry);
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
        ParkedRecord parked = ParkedRecord.of(record.fields());
        NormalizationResult result = withKeyProblem(normalizer.normalize(parked.eventFields()), parked);
        job.report().normalized(result);
        if (result instanceof Rejection rejection) {
            job.rejected(record, rejection);
            rejected.increment();
            exchange.getMessage().setHeader(OUTCOME, "done");
            return;
        }
        NormalizedEvent event = (NormalizedEvent) result;
        task.event(event, parked.key());
        inFlight.incrementAndGet(); // from here on, a failure parks the record (aggregate)
        if (parked.key() != null) {
            String prefix = parked.key().substring(0, parked.key().indexOf(':') + 1);
            if (!job.carriedMarkerTouched(prefix)) {
                // its original file's marker must outlive the key this record may add (retention)
                sentRecords.touchPrefix(prefix);
                job.rememberCarriedMarkerTouched(prefix);
            }
        }
        exchange.getMessage().setHeader(OUTCOME, "send");
        exchange.getMessage().setHeader("omKey", task.key());
        exchange.getMessage().setBody(event);
    }

    /** A parked record whose {@code _key} is unusable is rejected, with its other reasons if it has any. */
    private static NormalizationResult withKeyProblem(NormalizationResult result, ParkedRecord parked) {
        if (parked.keyProblem() == null) {
            return result;
        }
        List<Rejection.Reason> reasons = new ArrayList<>();
        if (result instanceof Rejection rejection) {
            reasons.addAll(rejection.reasons());
        }
        reasons.add(parked.keyProblem());
        return new Rejection(reasons, result.unknownFields());
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
                task.job().failed(task.event(), task.key(), failure.getMessage());
                inFlight.decrementAndGet();
                failed.increment();
                LOG.warnf("%s line %d: not delivered: %s", DropNames.printable(task.job().name()), task.read().line(),
                        LogSafe.escapeReason(failure.getMessage())); // it may quote OM's answer
            } else if (task != null) {
                // prepare failed on a record it accounts for in every known case (a defect): counted rejected, so
                // the report's counts still add up and its .rejected.jsonl names the line
                task.job().rejected(new RecordError(task.read().position(), task.read().line(),
                        RecordError.INTERNAL_ERROR, "not processed: " + failure.getClass().getSimpleName()
                                + " (the log has the cause)"));
                rejected.increment();
                LOG.errorf(failure, "%s line %d: not processed", DropNames.printable(task.job().name()),
                        task.read().line());
            } else {
                LOG.errorf(failure, "OM file record failed outside delivery");
            }
            newExchange.setException(null);
        }
        return oldExchange != null ? oldExchange : newExchange;
    }
}
