package io.camelbundle.tze;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.jboss.logging.Logger;

/**
 * Dead-lettering for the queue trigger (routes/tze-queue.camel.yaml). RabbitMQ queues created through AMQP
 * 1.0 have no dead-letter arguments, so the route itself sends what it could not deliver to the dead-letter
 * queue, and only then lets the consumer acknowledge the message. The dead letter carries the reason in the
 * message properties {@code tzeReason}, {@code tzeFailedAt} and {@code tzeSourceQueue}; its body is the
 * request as received (cannot be sent at all) or the request cut down to the persons not reached, so it
 * can be replayed as is once the cause is fixed.
 */
@ApplicationScoped
@Named("tzeQueue")
public class TzeQueue {

    /** Exchange property with the message body as received. */
    public static final String ORIGINAL = "TzeOriginal";
    static final int REASON_MAX = 2000;

    private static final Logger LOG = Logger.getLogger(TzeQueue.class);

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
        deadLetter(exchange, exchange.getProperty(ORIGINAL, String.class), reason);
    }

    private static void deadLetter(Exchange exchange, String body, String reason) {
        String safe = reason.length() > REASON_MAX ? reason.substring(0, REASON_MAX) + "..." : reason;
        String source = exchange.getFromEndpoint() == null ? "" : exchange.getFromEndpoint().getEndpointBaseUri();
        Message out = exchange.getMessage();
        out.getHeaders().clear();
        out.setHeader("tzeReason", safe);
        out.setHeader("tzeFailedAt", Instant.now().toString());
        out.setHeader("tzeSourceQueue", source);
        out.setBody(body == null ? "" : body);
        LOG.warnf("TZE queue message dead-lettered: %s", safe);
    }
}
