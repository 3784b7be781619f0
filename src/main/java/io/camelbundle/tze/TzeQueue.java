package io.camelbundle.tze;

import java.util.List;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.jboss.logging.Logger;

import io.camelbundle.support.DeadLetters;
import io.camelbundle.support.LogSafe;
import io.camelbundle.support.QueueMessageBody;
import io.camelbundle.support.QueueMessageKey;

/**
 * Dead-lettering for the queue trigger (routes/tze-queue.camel.yaml, see {@link DeadLetters}). The dead
 * letter carries the reason in the message properties {@code tzeReason}, {@code tzeFailedAt} and
 * {@code tzeSourceQueue}; its body is the
 * request as received (cannot be sent at all) or the request cut down to the persons not reached, so it
 * can be replayed as is once the cause is fixed.
 * <p>
 * A request the broker delivers again (the dead-letter send failed, or a replica stopped before acknowledging)
 * must not reach again the persons TZE already confirmed: {@link #sentKeyPrefix} makes the sends idempotent per
 * message, as the file drop's are per line.
 */
@ApplicationScoped
@Named("tzeQueue")
public class TzeQueue {

    /** Exchange property with the message body as received. */
    public static final String ORIGINAL = "TzeOriginal";

    private static final Logger LOG = Logger.getLogger(TzeQueue.class);

    /**
     * The idempotency key prefix of the message ({@link TzePersonSends#SENT_KEY_PREFIX}, {@link QueueMessageKey}):
     * null, so no keys, for a message without an id, whose redelivery can reach a person twice.
     */
    public String sentKeyPrefix(Exchange exchange) {
        return QueueMessageKey.of(exchange, exchange.getProperty(ORIGINAL, String.class));
    }

    /** Some persons were not reached: dead-letter the request for them only. */
    public void deadLetterFailures(Exchange exchange) {
        TzeDispatch dispatch = exchange.getProperty(TzeMessages.DISPATCH, TzeDispatch.class);
        List<TzeDispatch.Result> failures = dispatch.failures();
        String reason = failures.stream().map(r -> r.personId() + ": " + r.status() + ": " + r.reason())
                .collect(Collectors.joining("; "));
        deadLetter(exchange, dispatch.request().forPersons(failures.stream().map(TzeDispatch.Result::personId).toList())
                .toString(), reason);
    }

    /** The request could not be sent at all (malformed, unknown template, invalid message...). */
    public void deadLetterInvalid(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String reason = e instanceof InvalidTzeRequestException invalid ? String.join("; ", invalid.problems())
                : e == null ? "unknown" : e.getClass().getSimpleName() + ": " + e.getMessage();
        deadLetter(exchange, exchange.getProperty(ORIGINAL), reason); // as received: bytes stay bytes
    }

    /** A message the trigger does not read ({@link QueueMessageBody}): dead-lettered with why, nothing sent. */
    public void refused(Exchange exchange) {
        deadLetter(exchange, exchange.getMessage().getBody(),
                exchange.getProperty(QueueMessageBody.REFUSAL, String.class));
    }

    private static void deadLetter(Exchange exchange, Object body, String reason) {
        String safe = DeadLetters.prepare(exchange, "tze", body, reason);
        // the reason quotes the producer's text: escaped, so a line break in it cannot forge a log line
        LOG.warnf("TZE queue message dead-lettered: %s", LogSafe.escapeReason(safe));
    }
}
