package io.camelbundle.support;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;

import org.apache.camel.Exchange;

/**
 * First step of the queue triggers, whose consumers leave the JMS message as it arrived (mapJmsMessage=false):
 * the body becomes the message's text (a TextMessage) or bytes (a BytesMessage), as Camel would make it, but
 * bounded, and nothing else is read. Camel 4.14.0 would deserialize an ObjectMessage's Java object with every
 * class allowed (CVE-2026-40860, CVE-2026-43866; fixed by default only from 4.14.8), so anyone able to publish
 * to the queue could run code or forge the exchange. Such a message, and one larger than the limit (parsing it
 * could exhaust the heap and crash-loop every replica in turn), gets the exchange property
 * {@value #REFUSAL}, for the route to dead-letter it.
 */
@ApplicationScoped
@Named("queueMessageBody")
public class QueueMessageBody {

    /** Exchange property: why the message is not read, for its dead letter. Absent for a message that is. */
    public static final String REFUSAL = "QueueMessageRefusal";

    /** Reads the body; {@code maxBytes}: the largest text or bytes taken, as for one record of a file. */
    public void read(Exchange exchange, long maxBytes) throws JMSException {
        Object body = exchange.getMessage().getBody();
        if (body instanceof TextMessage text) {
            body = text.getText() == null ? "" : text.getText();
        } else if (body instanceof BytesMessage bytes) {
            long length = bytes.getBodyLength();
            if (length > maxBytes) {
                refuse(exchange, "", tooLarge(length, maxBytes));
                return;
            }
            byte[] content = new byte[(int) length];
            bytes.readBytes(content);
            body = content;
        } else if (body instanceof Message other) {
            refuse(exchange, "", "not read: a " + kind(other) + "; only text and bytes messages are (a Java object"
                    + " is never deserialized)");
            return;
        }
        long size = body instanceof String text ? utf8Length(text) : body instanceof byte[] b ? b.length : 0;
        exchange.getMessage().setBody(body);
        if (size > maxBytes) {
            refuse(exchange, body, tooLarge(size, maxBytes));
        }
    }

    private static void refuse(Exchange exchange, Object body, String reason) {
        exchange.getMessage().setBody(body);
        exchange.setProperty(REFUSAL, reason);
    }

    private static String tooLarge(long size, long maxBytes) {
        return "too_large: the message is " + size + " bytes, more than the limit of " + maxBytes;
    }

    private static String kind(Message message) {
        for (Class<?> type : message.getClass().getInterfaces()) {
            if (type.getPackageName().equals("jakarta.jms")) {
                return "JMS " + type.getSimpleName();
            }
        }
        return "JMS message without a body";
    }

    /** Bytes of the text in UTF-8, counted without encoding it. */
    static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
