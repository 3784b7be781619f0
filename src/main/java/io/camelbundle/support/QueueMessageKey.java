package io.camelbundle.support;

import org.apache.camel.Exchange;

/**
 * The idempotency key of a message taken from a queue: the broker keeps a message's id across redeliveries,
 * so a request delivered again (a dead-letter send that failed, a replica stopped before acknowledging) is
 * known by it. The body is part of the key so that a producer reusing ids never has another request skipped.
 */
public final class QueueMessageKey {

    /** How a queued message's key starts (a dropped file's keys start with its content hash). */
    public static final String START = "queue:";

    /** The header Camel's JMS consumer puts the message id in. */
    public static final String MESSAGE_ID = "JMSMessageID";

    private QueueMessageKey() {
    }

    /** The id of the message the exchange was taken from, or null. */
    public static String messageId(Exchange exchange) {
        return exchange.getMessage().getHeader(MESSAGE_ID, String.class);
    }

    /** {@link #of(String, String)} for the message the exchange was taken from, whose body was {@code body}. */
    public static String of(Exchange exchange, String body) {
        return of(messageId(exchange), body);
    }

    /**
     * {@code queue:<SHA-256 of the message id and the body>}: 70 characters. Null for a message without an id (an
     * AMQP producer may send none; a JMS producer always sets one): such a message has no key.
     */
    public static String of(String messageId, String body) {
        if (messageId == null || messageId.isBlank()) {
            return null;
        }
        return START + Sha256.of(messageId + "\n" + (body == null ? "" : body));
    }
}
