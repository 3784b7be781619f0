package io.camelbundle.om;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.jboss.logging.Logger;

import io.camelbundle.support.DeadLetters;
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

    OmQueue(MeterRegistry registry) {
        this.sent = OmMetrics.events(registry, "sent");
        this.rejected = OmMetrics.events(registry, "rejected");
        this.failed = OmMetrics.events(registry, "failed");
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
        String safe = DeadLetters.prepare(original, "om", original.getMessage().getBody(String.class), reason(e));
        original.setProperty(DEAD_LETTER, true);
        LOG.warnf("OM queue message dead-lettered: %s", safe);
        return original;
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
