package io.camelbundle.om;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.jboss.logging.Logger;

import io.camelbundle.support.DeadLetters;
import io.camelbundle.support.LogSafe;
import io.camelbundle.support.QueueMessageBody;
import io.camelbundle.support.QueueMessageKey;
import io.camelbundle.token.TokenUnavailableException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The outcome of reporting one queued event (routes/om-queue.camel.yaml), as the aggregation strategy of
 * the {@code enrich} that calls the Kamelet om-report-event-action. An enrich rather than a doTry: inside a
 * doTry block Camel's error handlers do not redeliver, and the Kamelet's retries of transient failures must
 * run. An event that cannot be reported (invalid, refused by OM, still failing after the retries, no token)
 * becomes a dead letter: the message as received, with the reason in the message properties
 * {@code omReason}, {@code omFailedAt} and {@code omSourceQueue} (see {@link DeadLetters}), so it can be
 * replayed as is once the cause is fixed; the exchange property {@code OmDeadLetter} tells the route.
 * <p>
 * A message reported or dead-lettered is remembered by its {@link #sentKey} (omQueueSentRecords), so the broker
 * delivering it again (a replica stopped before acknowledging) does not send the event twice.
 */
@ApplicationScoped
@Named("omQueue")
public class OmQueue implements AggregationStrategy {

    /** Exchange property set to true when the message became a dead letter. */
    public static final String DEAD_LETTER = "OmDeadLetter";

    private static final Logger LOG = Logger.getLogger(OmQueue.class);

    private final Counter sent;
    private final Counter rejected;
    private final Counter failed;
    private final Counter duplicates;

    OmQueue(MeterRegistry registry) {
        this.sent = OmMetrics.events(registry, "sent");
        this.rejected = OmMetrics.events(registry, "rejected");
        this.failed = OmMetrics.events(registry, "failed");
        this.duplicates = OmMetrics.events(registry, "skipped_duplicate");
    }

    /** The message's idempotency key ({@link QueueMessageKey}), or null for a message without an id. */
    public String sentKey(Exchange exchange) {
        return QueueMessageKey.of(exchange, exchange.getMessage().getBody(String.class));
    }

    /** Instead of the report: the message was reported (or dead-lettered) when the broker delivered it before. */
    public void duplicate(Exchange exchange) {
        duplicates.increment();
        LOG.infof("OM queue message %s was handled when delivered before: acknowledged, not sent again",
                LogSafe.escape(QueueMessageKey.messageId(exchange))); // the producer's text
    }

    /** Instead of the report: a message the trigger does not read ({@link QueueMessageBody}), dead-lettered. */
    public void refused(Exchange exchange) {
        rejected.increment();
        deadLetter(exchange, exchange.getProperty(QueueMessageBody.REFUSAL, String.class));
    }

    /** {@code original}: the queued message; {@code reported}: the Kamelet's exchange, failed or not. */
    @Override
    public Exchange aggregate(Exchange original, Exchange reported) {
        Exception e = reported == null ? null : reported.getException();
        if (e == null) {
            sent.increment();
            return original;
        }
        (e instanceof OmEventRejectedException ? rejected : failed).increment();
        deadLetter(original, reason(e));
        original.setProperty(DEAD_LETTER, true);
        return original;
    }

    /** The message, as received, becomes a dead letter carrying {@code reason}. */
    private static void deadLetter(Exchange exchange, String reason) {
        String safe = DeadLetters.prepare(exchange, "om", exchange.getMessage().getBody(), reason);
        // the reason quotes the producer's text: escaped, so a line break in it cannot forge a log line
        LOG.warnf("OM queue message dead-lettered: %s", LogSafe.escapeReason(safe));
    }

    static String reason(Exception e) {
        if (e instanceof OmEventRejectedException rejection) {
            return "rejected: " + String.join("; ", rejection.reasons());
        }
        if (e instanceof OmDeliveryException delivery) {
            return (delivery.transientFailure() ? "failed after retries: " : "refused by OM: ") + delivery.getMessage();
        }
        if (e instanceof TokenUnavailableException noToken) {
            // not retried by om-delivery: the token control has already waited for a refresh
            return "no token: " + noToken.reason();
        }
        return e == null ? "unknown" : "failed: " + e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
