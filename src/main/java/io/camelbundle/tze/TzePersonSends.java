package io.camelbundle.tze;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.jboss.logging.Logger;

import io.camelbundle.support.LogSafe;
import io.camelbundle.support.QueueMessageKey;
import io.camelbundle.support.Sha256;

/**
 * The per-person side of {@code direct:tze-send} (routes/tze-messages.camel.yaml): the split's steps for one
 * person (the wire message, the idempotency key, the outcome) and its aggregation strategy, which records a
 * person whose delivery failed (after Camel's redelivery of transient failures) with the reason and clears the
 * exception, so one person never stops the others; then the results.
 */
@ApplicationScoped
@Named("tzePersonSends")
public class TzePersonSends implements AggregationStrategy {

    /** Header naming the person a split sub-exchange sends to. */
    public static final String PERSON_ID = "TzePersonId";
    /** Header with the number of persons not reached, set by {@link #results}. */
    public static final String FAILED = "TzeFailed";
    /**
     * Exchange property a caller sets to make the sends idempotent (the file drop: {@code <content hash>:<line>};
     * the queue: {@code queue:<hash of message id and body>}):
     * each person's key is this prefix and the person, remembered once TZE confirmed the send.
     */
    public static final String SENT_KEY_PREFIX = "TzeSentKeyPrefix";
    /** Header of a person's sub-exchange: its idempotency key, set by {@link #person} when there is a prefix. */
    public static final String SENT_KEY = "TzeSentKey";
    /** Result status of a person skipped because an earlier run with the same key was confirmed. */
    public static final String SKIPPED_DUPLICATE = "skipped_duplicate";
    /** Hex digits of the personId's SHA-256 in a key: a key fits the repository's 100 characters. */
    private static final int PERSON_DIGEST_HEX = 16;

    private static final Logger LOG = Logger.getLogger(TzePersonSends.class);

    private final TzeMetrics metrics;

    public TzePersonSends(TzeMetrics metrics) {
        this.metrics = metrics;
    }

    /**
     * Split step: the sub-exchange's body is one personId; it becomes the wire message for that person. With a
     * {@value #SENT_KEY_PREFIX}, header {@value #SENT_KEY} is the person's idempotency key.
     */
    public void person(Exchange exchange) {
        String personId = exchange.getMessage().getBody(String.class);
        exchange.getMessage().setHeader(PERSON_ID, personId);
        String prefix = exchange.getProperty(SENT_KEY_PREFIX, String.class);
        if (prefix != null) {
            exchange.getMessage().setHeader(SENT_KEY, sentKey(prefix, personId));
        } else {
            // a caller's header of that name (an HTTP or AMQP trigger copies them) would mark sends as done
            exchange.getMessage().removeHeader(SENT_KEY);
        }
        exchange.getMessage().setBody(exchange.getProperty(TzeMessages.DISPATCH, TzeDispatch.class).wire());
    }

    /**
     * {@code <prefix>:<first 16 hex digits of SHA-256(personId)>}: a personId may be up to 200 characters, the
     * repository's key only 100; within one line of one file (or one queued request) a 64-bit digest does not
     * collide in practice.
     */
    public static String sentKey(String prefix, String personId) {
        return prefix + ":" + Sha256.of(personId).substring(0, PERSON_DIGEST_HEX);
    }

    /** Split step instead of the send: an earlier run with the same key was confirmed by TZE. */
    public void duplicate(Exchange exchange) {
        String prefix = exchange.getProperty(SENT_KEY_PREFIX, String.class);
        String earlier = prefix != null && prefix.startsWith(QueueMessageKey.START)
                ? "already sent by an earlier delivery of the same queue message"
                : "already sent by an earlier run of the same file content";
        exchange.getProperty(TzeMessages.DISPATCH, TzeDispatch.class).record(new TzeDispatch.Result(
                exchange.getMessage().getHeader(PERSON_ID, String.class), SKIPPED_DUPLICATE, null, earlier));
        metrics.send(SKIPPED_DUPLICATE);
    }

    /** Split step after a successful send. */
    public void sent(Exchange exchange) {
        exchange.getProperty(TzeMessages.DISPATCH, TzeDispatch.class).record(new TzeDispatch.Result(
                exchange.getMessage().getHeader(PERSON_ID, String.class), "sent", null, null));
        metrics.send("sent");
    }

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        Exception failure = newExchange.getException();
        if (failure != null) {
            TzeDispatch dispatch = newExchange.getProperty(TzeMessages.DISPATCH, TzeDispatch.class);
            String personId = newExchange.getMessage().getHeader(PERSON_ID, String.class);
            TzeDispatch.Result result;
            if (failure instanceof TzeSendException e) {
                result = new TzeDispatch.Result(personId, e.kind().status(), e.retCode(), e.getMessage());
            } else {
                LOG.errorf(failure, "TZE send to person %s failed unexpectedly", LogSafe.escape(personId));
                result = new TzeDispatch.Result(personId, "error", null, failure.getClass().getSimpleName() + ": "
                        + failure.getMessage());
            }
            if (dispatch != null && personId != null) {
                dispatch.record(result);
            }
            metrics.send(result.status());
            // the personId is the caller's text: escaped, so a line break in it cannot forge a log line
            LOG.warnf("TZE message not delivered to person %s: %s", LogSafe.escape(personId),
                    LogSafe.escapeReason(result.reason()));
            newExchange.setException(null);
        }
        return oldExchange != null ? oldExchange : newExchange;
    }

    /** Last step: body = the results JSON, header {@value #FAILED} = persons not reached. */
    public void results(Exchange exchange) {
        TzeDispatch dispatch = exchange.getProperty(TzeMessages.DISPATCH, TzeDispatch.class);
        exchange.getMessage().setHeader(FAILED, dispatch.failures().size());
        exchange.getMessage().setBody(dispatch.toJson().toString());
    }
}
