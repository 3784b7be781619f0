package io.camelbundle.support;

import java.time.Instant;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Turns the current message into a dead letter for the queue triggers. RabbitMQ queues created through AMQP
 * 1.0 have no dead-letter arguments, so the routes send what they could not deliver to the dead-letter queue
 * themselves, and only then let the consumer acknowledge the message. The dead letter carries the reason in
 * the message properties {@code <prefix>Reason}, {@code <prefix>FailedAt} and {@code <prefix>SourceQueue};
 * every other header is dropped so nothing of the failed attempt (e.g. an Authorization header) leaks.
 */
public final class DeadLetters {

    /** Reasons are cut to this length: a message property is no place for a whole stack of problems. */
    public static final int REASON_MAX = 2000;

    private DeadLetters() {
    }

    /** Replaces the message by the dead letter {@code body} with its reason properties; returns the reason used. */
    public static String prepare(Exchange exchange, String prefix, Object body, String reason) {
        String text = reason == null || reason.isBlank() ? "unknown" : Secrets.mask(reason);
        String safe = text.length() > REASON_MAX ? text.substring(0, REASON_MAX) + "..." : text;
        String source = exchange.getFromEndpoint() == null ? "" : exchange.getFromEndpoint().getEndpointBaseUri();
        Message out = exchange.getMessage();
        out.getHeaders().clear();
        out.setHeader(prefix + "Reason", safe);
        out.setHeader(prefix + "FailedAt", Instant.now().toString());
        out.setHeader(prefix + "SourceQueue", source);
        out.setBody(body == null ? "" : body);
        return safe;
    }
}
