package io.camelbundle.tze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.camel.ConsumerTemplate;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.camelbundle.sandbox.TzeSandbox;
import io.camelbundle.support.Broker;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * A real AMQP 1.0 round trip on the machine's RabbitMQ: requests on the queue are sent to the TZE sandbox;
 * what cannot be sent (malformed JSON, unknown template, a placeholder without a value, an unbound person)
 * lands on the dead-letter queue with the reason in the message property tzeReason, and the queue keeps
 * flowing: the good request after the bad ones is still delivered.
 */
@QuarkusTest
@TestProfile(TzeQueueProfile.class)
class TzeQueueTest {

    @Inject
    TzeSandbox sandbox;

    @Inject
    ProducerTemplate producer;

    @Inject
    ConsumerTemplate consumer;

    @BeforeAll
    static void brokerIsReachable() {
        Broker.assertReachable();
    }

    private void send(String body) {
        producer.sendBody("amqp:queue:" + TzeQueueProfile.QUEUE, body);
    }

    private Exchange deadLetter() {
        Exchange e = consumer.receive("amqp:queue:" + TzeQueueProfile.DLQ, 30_000);
        assertThat(e).as("a dead letter on " + TzeQueueProfile.DLQ).isNotNull();
        return e;
    }

    @Test
    void badRequestsAreDeadLetteredWithTheirReasonAndTheQueueKeepsFlowing() {
        String bound = "queue-person-" + UUID.randomUUID();
        String unbound = "queue-nobody-" + UUID.randomUUID();
        TzeTestBindings.bind(sandbox, bound);

        send("{\"personIds\":[\"" + bound + "\"],");
        send("{\"personIds\":[\"" + bound + "\"],\"template\":\"no-such-template\"}");
        send("{\"personIds\":[\"" + bound + "\"],\"template\":\"text-notice\",\"data\":{\"name\":\"赵六\"}}");
        send("{\"personIds\":[\"" + bound + "\",\"" + unbound + "\"],\"template\":\"text-notice\","
                + "\"data\":{\"name\":\"赵六\",\"notice\":\"队列消息\"}}");
        send("{\"personIds\":[\"" + bound + "\"],\"message\":{\"msgtype\":\"text\",\"text\":{\"content\":\"after\"}}}");

        Exchange malformed = deadLetter();
        assertThat(malformed.getMessage().getHeader("tzeReason", String.class)).startsWith("$: malformed JSON");
        assertThat(malformed.getMessage().getBody(String.class)).isEqualTo("{\"personIds\":[\"" + bound + "\"],");
        assertThat(deadLetter().getMessage().getHeader("tzeReason", String.class))
                .contains("unknown template 'no-such-template'");
        assertThat(deadLetter().getMessage().getHeader("tzeReason", String.class))
                .contains("placeholder 'notice' has no value");
        Exchange partial = deadLetter();
        assertThat(partial.getMessage().getHeader("tzeReason", String.class)).startsWith(unbound + ": unbound:");
        assertThat(partial.getMessage().getBody(String.class)).contains(unbound).doesNotContain(bound)
                .contains("\"template\":\"text-notice\"");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(sandbox.deliveredTo(bound))
                .extracting(d -> d.message().msgtype()).containsExactly("text", "text"));
        assertThat(consumer.receive("amqp:queue:" + TzeQueueProfile.DLQ, 1_000)).as("nothing else dead-lettered")
                .isNull();
    }
}
