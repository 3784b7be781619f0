package io.camelbundle.tze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.apache.camel.CamelContext;
import org.apache.camel.ConsumerTemplate;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.camelbundle.cookbook.CookbookProfile;
import io.camelbundle.sandbox.TzeSandbox;
import io.camelbundle.support.Broker;
import io.camelbundle.support.RouteFileStartUp;
import io.camelbundle.support.TestQueues;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * A real AMQP 1.0 round trip on the machine's RabbitMQ: requests on the queue are sent to the TZE sandbox;
 * what cannot be sent (malformed JSON, unknown template, a placeholder without a value, an unbound person)
 * lands on the dead-letter queue with the reason in the message property tzeReason, and the queue keeps
 * flowing: the good request after the bad ones is still delivered.
 */
@QuarkusTest
@TestProfile(CookbookProfile.class) // the profile of the tests that use the broker: queues on (TestQueues)
class TzeQueueTest {

    @Inject
    TzeSandbox sandbox;

    @Inject
    ProducerTemplate producer;

    @Inject
    ConsumerTemplate consumer;

    @Inject
    CamelContext context;

    @BeforeAll
    static void brokerIsReachable() {
        Broker.assertReachable();
    }

    private void send(String body) {
        producer.sendBody("amqp:queue:" + TestQueues.TZE_QUEUE, body);
    }

    private Exchange deadLetter() {
        Exchange e = consumer.receive("amqp:queue:" + TestQueues.TZE_DLQ, 30_000);
        assertThat(e).as("a dead letter on " + TestQueues.TZE_DLQ).isNotNull();
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
        assertThat(consumer.receive("amqp:queue:" + TestQueues.TZE_DLQ, 1_000)).as("nothing else dead-lettered")
                .isNull();
    }

    @Test
    void objectMessagesAreDeadLetteredWithoutDeserializingTheirObject() throws Exception {
        String bound = "queue-person-" + UUID.randomUUID();
        TzeTestBindings.bind(sandbox, bound);
        Broker.Tripwire.DESERIALIZED.set(false);
        Broker.publish(TestQueues.TZE_QUEUE, session -> session.createObjectMessage(new Broker.Tripwire()));
        send("{\"personIds\":[\"" + bound + "\"],\"message\":{\"msgtype\":\"text\",\"text\":{\"content\":\"next\"}}}");

        assertThat(deadLetter().getMessage().getHeader("tzeReason", String.class))
                .startsWith("not read: a JMS ObjectMessage");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(sandbox.deliveredTo(bound)).hasSize(1));
        assertThat(Broker.Tripwire.DESERIALIZED).as("the ObjectMessage's object was deserialized").isFalse();
    }

    /**
     * When even the dead-letter send fails, the broker delivers the request again: the person TZE confirmed on
     * the first delivery must not get the message again, only the persons not reached are tried again. The
     * route file is loaded with its dead-letter {@code to} pointing at a test route that fails twice, then
     * passes to the dead-letter queue; the redeliveries are the broker's own.
     */
    @Test
    void aRequestDeliveredAgainReachesOnlyThePersonsNotConfirmedBefore() throws Exception {
        String bound = "queue-again-" + UUID.randomUUID();
        String unbound = "queue-again-nobody-" + UUID.randomUUID();
        TzeTestBindings.bind(sandbox, bound);
        AtomicInteger deadLetterSends = new AtomicInteger();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:test-tze-dead-letter").routeId("test-tze-dead-letter")
                        .process(e -> {
                            if (deadLetterSends.incrementAndGet() <= 2) {
                                throw new IllegalStateException("dead-letter queue unavailable (test)");
                            }
                        })
                        .to("amqp:queue:" + TestQueues.TZE_DLQ);
            }
        });
        try {
            RouteFileStartUp.remove(context, List.of("tze-queue"), List.of());
            RouteFileStartUp.load(context, QUEUE_FILE,
                    Map.of("amqp:queue:{{tze.queue.dead-letter}}", "direct:test-tze-dead-letter"));

            send("{\"personIds\":[\"" + bound + "\",\"" + unbound + "\"],\"message\":{\"msgtype\":\"text\","
                    + "\"text\":{\"content\":\"once only\"}}}");

            Exchange dead = deadLetter();
            assertThat(deadLetterSends).as("dead-letter sends: two failed, the third passed").hasValue(3);
            assertThat(dead.getMessage().getHeader("tzeReason", String.class)).startsWith(unbound + ": unbound:")
                    .doesNotContain(bound + ":");
            assertThat(dead.getMessage().getBody(String.class)).contains(unbound).doesNotContain(bound);
            assertThat(sandbox.deliveredTo(bound)).as("the confirmed person, over three deliveries")
                    .extracting(d -> ((TzeMessage.TextMessage) d.message()).content()).containsExactly("once only");
            assertThat(consumer.receive("amqp:queue:" + TestQueues.TZE_DLQ, 1_000))
                    .as("acknowledged once dead-lettered")
                    .isNull();
        } finally {
            RouteFileStartUp.remove(context, List.of("tze-queue", "test-tze-dead-letter"), List.of());
            RouteFileStartUp.load(context, QUEUE_FILE, Map.of());
        }
    }

    /**
     * Issue 15 item 2, as for the OM queue (OmQueueTest): started against a queue already holding messages,
     * 4 consumers must neither dead-letter a valid request nor send one twice. The TZE queue calls the
     * reusable route direct:tze-send with a static {@code to}, created with the route before any consumer
     * starts, so it never had the OM queue's race; this guards it. Each round recreates the start-up within
     * this run: the route is removed, requests are put on the queue while nobody consumes it, then
     * routes/tze-queue.camel.yaml is loaded from disk again with 4 consumers; with a prefetch of 1
     * (CookbookProfile) the 4 consumers each take a first message as they attach. The TZE sandbox records
     * what it received.
     */
    @Test
    void startingAgainstAFullQueueNeitherDeadLettersNorSendsTwice() throws Exception {
        String person = "queue-start-" + UUID.randomUUID();
        TzeTestBindings.bind(sandbox, person);
        int rounds = 20;
        int perRound = 24;
        try {
            for (int round = 0; round < rounds; round++) {
                RouteFileStartUp.remove(context, List.of("tze-queue"), List.of());
                String prefix = "round-" + round + "-";
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < perRound; i++) {
                    expected.add(prefix + i);
                }
                Broker.publish(TestQueues.TZE_QUEUE, expected.stream().map(content -> "{\"personIds\":[\"" + person
                        + "\"],\"message\":{\"msgtype\":\"text\",\"text\":{\"content\":\"" + content + "\"}}}")
                        .toList());
                RouteFileStartUp.load(context, QUEUE_FILE, Map.of("{{tze.queue.consumers}}", "4"));

                List<String> deadLetters = new ArrayList<>();
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    Exchange dead = consumer.receive("amqp:queue:" + TestQueues.TZE_DLQ, 100);
                    if (dead != null) {
                        deadLetters.add(dead.getMessage().getHeader("tzeReason", String.class));
                    }
                    return sent(person, prefix).size() + deadLetters.size() >= perRound;
                });
                assertThat(deadLetters).as("dead letters in round %d", round).isEmpty();
                assertThat(sent(person, prefix)).as("round %d", round).containsExactlyInAnyOrderElementsOf(expected);
            }
            assertThat(consumer.receive("amqp:queue:" + TestQueues.TZE_DLQ, 1_000)).isNull();
            assertThat(sent(person, "round-")).hasSize(rounds * perRound).doesNotHaveDuplicates();
        } finally {
            RouteFileStartUp.remove(context, List.of("tze-queue"), List.of());
            RouteFileStartUp.load(context, QUEUE_FILE, Map.of());
        }
    }

    private static final Path QUEUE_FILE = Path.of("routes/tze-queue.camel.yaml");

    /** The text contents the sandbox received for the person, starting with the prefix. */
    private List<String> sent(String person, String prefix) {
        return sandbox.deliveredTo(person).stream().map(d -> d.message())
                .filter(m -> m instanceof TzeMessage.TextMessage).map(m -> ((TzeMessage.TextMessage) m).content())
                .filter(c -> c.startsWith(prefix)).toList();
    }
}
