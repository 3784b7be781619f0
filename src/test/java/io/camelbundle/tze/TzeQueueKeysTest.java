package io.camelbundle.tze;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import io.camelbundle.support.QueueMessageKey;

/** The idempotency key prefix of a queued request: the same for a redelivery, different for another request. */
class TzeQueueKeysTest {

    private final TzeQueue queue = new TzeQueue();

    private static Exchange received(String messageId, String body) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        if (messageId != null) {
            exchange.getMessage().setHeader("JMSMessageID", messageId);
        }
        exchange.setProperty(TzeQueue.ORIGINAL, body);
        return exchange;
    }

    @Test
    void aRedeliveryHasTheSamePrefixAndItFitsTheRepositoryKeyWithThePerson() {
        String first = queue.sentKeyPrefix(received("ID:abc:1:1:1-1", "{\"personIds\":[\"p\"]}"));
        String again = queue.sentKeyPrefix(received("ID:abc:1:1:1-1", "{\"personIds\":[\"p\"]}"));
        assertThat(first).startsWith(QueueMessageKey.START).isEqualTo(again);
        assertThat(TzePersonSends.sentKey(first, "x".repeat(200))).hasSizeLessThanOrEqualTo(100);
    }

    @Test
    void anotherMessageOrAnotherBodyUnderAReusedIdHasAnotherPrefix() {
        String first = queue.sentKeyPrefix(received("ID:abc:1:1:1-1", "{\"personIds\":[\"p\"]}"));
        assertThat(queue.sentKeyPrefix(received("ID:abc:1:1:1-2", "{\"personIds\":[\"p\"]}"))).isNotEqualTo(first);
        assertThat(queue.sentKeyPrefix(received("ID:abc:1:1:1-1", "{\"personIds\":[\"q\"]}"))).isNotEqualTo(first);
    }

    @Test
    void aMessageWithoutAnIdHasNoKeys() {
        assertThat(queue.sentKeyPrefix(received(null, "{}"))).isNull();
        assertThat(queue.sentKeyPrefix(received(" ", "{}"))).isNull();
    }
}
