package io.camelbundle.om;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.camelbundle.cookbook.CookbookProfile;
import io.camelbundle.sandbox.Faults.Kind;
import io.camelbundle.sandbox.OmSandbox;
import io.camelbundle.support.Broker;
import io.camelbundle.support.RouteFileStartUp;
import io.camelbundle.support.TestQueues;
import io.camelbundle.token.TokenControl;
import io.camelbundle.token.TokenTestState;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * A real AMQP 1.0 round trip on the machine's RabbitMQ: events on om.events are reported to the strict OM
 * sandbox; transient failures are retried and then sent; what cannot be reported (not JSON, not an object,
 * invalid fields, a code OM refuses, failures outlasting the retries) lands as received on the dead-letter
 * queue with the reason in omReason, and the queue keeps flowing.
 */
@QuarkusTest
@TestProfile(CookbookProfile.class) // the profile of the tests that use the broker: queues on (TestQueues)
class OmQueueTest {

    @Inject
    OmSandbox sandbox;

    @Inject
    TokenControl control;

    @Inject
    ProducerTemplate producer;

    @Inject
    ConsumerTemplate consumer;

    @Inject
    MeterRegistry registry;

    @Inject
    CamelContext context;

    /** The routes of routes/om-queue.camel.yaml and the one its Kamelet call creates, consumer first. */
    private static final List<String> QUEUE_ROUTES = List.of("om-queue", "om-queue-deliver", "om-queue-send",
            "om-queue-report");
    private static final Path QUEUE_FILE = Path.of("routes/om-queue.camel.yaml");

    @BeforeAll
    static void brokerIsReachable() {
        Broker.assertReachable();
    }

    @BeforeEach
    void validToken() {
        TokenTestState.awaitValidToken(control);
    }

    @AfterEach
    void clearFaults() {
        sandbox.dataFaults().clear();
    }

    private void send(String body) {
        producer.sendBody("amqp:queue:" + TestQueues.OM_QUEUE, body);
    }

    private static String event(String docId) {
        return "{\"IP\":\"10.1.1.191\",\"doc_id\":\"" + docId + "\",\"sub_ch\":\"快报推荐流 🎬\",\"user_action\":2,"
                + "\"source\":\"2\",\"ts\":1510662363}";
    }

    private Exchange deadLetter() {
        Exchange e = consumer.receive("amqp:queue:" + TestQueues.OM_DLQ, 30_000);
        assertThat(e).as("a dead letter on " + TestQueues.OM_DLQ).isNotNull();
        return e;
    }

    private List<String> delivered(String prefix) {
        return sandbox.receivedEvents().stream().map(n -> n.get("doc_id").asText()).filter(d -> d.startsWith(prefix))
                .toList();
    }

    @Test
    void eventsAreReportedAndBadOnesDeadLetteredWithTheirReason() {
        String run = "q-" + UUID.randomUUID() + "-";
        send(event(run + "first"));
        send("{\"doc_id\":\"" + run + "broken\",");
        send("[" + event(run + "array") + "]");
        send("{\"doc_id\":\"" + run + "bad\",\"source\":9,\"time_long\":\"1.5\"}");
        send(event(run + "after"));

        Exchange malformed = deadLetter();
        assertThat(malformed.getMessage().getHeader("omReason", String.class))
                .startsWith("rejected: record: not valid JSON: Unexpected end-of-input");
        assertThat(malformed.getMessage().getBody(String.class)).isEqualTo("{\"doc_id\":\"" + run + "broken\",");
        assertThat(malformed.getMessage().getHeader("omSourceQueue", String.class)).contains(TestQueues.OM_QUEUE);
        assertThat(malformed.getMessage().getHeader("omFailedAt", String.class)).isNotBlank();
        assertThat(deadLetter().getMessage().getHeader("omReason", String.class))
                .isEqualTo("rejected: record: not a JSON object");
        assertThat(deadLetter().getMessage().getHeader("omReason", String.class)).startsWith("rejected: ")
                .contains("source").contains("time_long");

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(delivered(run)).containsExactly(run + "first", run + "after"));
        var received = sandbox.receivedEvents().stream().filter(n -> n.get("doc_id").asText().equals(run + "first"))
                .findFirst().orElseThrow();
        assertThat(received.get("sub_ch").asText()).isEqualTo("快报推荐流 🎬");
        assertThat(received.get("source").asLong()).isEqualTo(2);
        assertThat(received.size()).isEqualTo(26);
        assertThat(consumer.receive("amqp:queue:" + TestQueues.OM_DLQ, 1_000)).as("nothing else dead-lettered")
                .isNull();
    }

    /**
     * Camel 4.14.0 would deserialize an ObjectMessage's object (CVE-2026-40860/43866), and a message of any size
     * was parsed whole: neither is read now. A bytes message of UTF-8 JSON is an event like a text message.
     */
    @Test
    void objectMessagesAndMessagesOverTheRecordLimitAreDeadLetteredUnread() throws Exception {
        String run = "o-" + UUID.randomUUID() + "-";
        Broker.Tripwire.DESERIALIZED.set(false);
        Broker.publish(TestQueues.OM_QUEUE, session -> session.createObjectMessage(new Broker.Tripwire()));
        String tooLarge = "{\"doc_id\":\"" + run + "large\",\"x\":\"" + "a".repeat(1_048_576) + "\"}";
        send(tooLarge);
        Broker.publish(TestQueues.OM_QUEUE, session -> {
            var bytes = session.createBytesMessage();
            bytes.writeBytes(event(run + "bytes").getBytes(StandardCharsets.UTF_8));
            return bytes;
        });
        send(event(run + "after"));

        Exchange object = deadLetter();
        assertThat(object.getMessage().getHeader("omReason", String.class)).isEqualTo("not read: a JMS ObjectMessage;"
                + " only text and bytes messages are (a Java object is never deserialized)");
        Exchange large = deadLetter();
        assertThat(large.getMessage().getHeader("omReason", String.class)).isEqualTo("too_large: the message is "
                + tooLarge.length() + " bytes, more than the limit of 1048576");
        assertThat(large.getMessage().getBody(String.class)).as("as received").isEqualTo(tooLarge);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(delivered(run)).containsExactly(run + "bytes", run + "after"));
        assertThat(Broker.Tripwire.DESERIALIZED).as("the ObjectMessage's object was deserialized").isFalse();
        assertThat(consumer.receive("amqp:queue:" + TestQueues.OM_DLQ, 1_000)).isNull();
    }

    @Test
    void misspeltFieldNamesAreMatchedInAnyCaseAndUnknownOnesCounted() {
        String run = "c-" + UUID.randomUUID() + "-";
        String unknown = "colour_" + run.substring(2, 10);
        send("{\"ip\":\"10.1.1.9\",\"Data_source\":\"partner-q\",\"doc_id\":\"" + run + "case\",\"" + unknown
                + "\":\"red\"}");

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(delivered(run)).containsExactly(run + "case"));
        var received = sandbox.receivedEvents().stream().filter(n -> n.get("doc_id").asText().equals(run + "case"))
                .findFirst().orElseThrow();
        assertThat(received.get("IP").asText()).isEqualTo("10.1.1.9");
        assertThat(received.get("data_source").asText()).isEqualTo("partner-q");
        assertThat(registry.get("bundle.om.unknown.fields").tag("field", unknown).counter().count()).isEqualTo(1);
        assertThat(consumer.receive("amqp:queue:" + TestQueues.OM_DLQ, 1_000)).isNull();
    }

    /**
     * Issue 15 item 2: started against a queue already holding messages, the 4 consumers (om.queue.consumers'
     * default) must neither dead-letter a valid event nor send one twice. The race was at the start of the
     * route: each consumer thread created the Kamelet's endpoint, and so its route, at once. Restarting Quarkus
     * 20 times would take minutes, so each round recreates that start-up within this run: the trigger's routes
     * and what their start created (the Kamelet's route om-queue-report, the endpoints) are removed, events are
     * put on the queue while nobody consumes it, then routes/om-queue.camel.yaml is loaded from disk again with
     * 4 consumers. With a prefetch of 1 (CookbookProfile) the 4 consumers each take a first message as they
     * attach, so they reach the Kamelet call at the same moment, as with clients publishing during start-up.
     * The OM sandbox counts what it received.
     */
    @Test
    void startingAgainstAFullQueueNeitherDeadLettersNorSendsTwice() throws Exception {
        String run = "s-" + UUID.randomUUID() + "-";
        int rounds = 20;
        int perRound = 24;
        double deadBefore = deadLettered();
        try {
            for (int round = 0; round < rounds; round++) {
                RouteFileStartUp.remove(context, QUEUE_ROUTES, List.of("om-queue-report"));
                String prefix = run + round + "-";
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < perRound; i++) {
                    expected.add(prefix + i);
                }
                Broker.publish(TestQueues.OM_QUEUE, expected.stream().map(OmQueueTest::event).toList());
                RouteFileStartUp.load(context, QUEUE_FILE, Map.of("{{om.queue.consumers}}", "4"));

                // counted, not read from the dead-letter queue: a JMS receiveNoWait blocks on RabbitMQ's AMQP 1.0
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> delivered(prefix).size() + deadLettered() - deadBefore >= perRound);
                assertThat(deadLettered() - deadBefore).as("dead letters in round %d", round).isZero();
                assertThat(delivered(prefix)).as("round %d", round).containsExactlyInAnyOrderElementsOf(expected);
            }
            assertThat(consumer.receive("amqp:queue:" + TestQueues.OM_DLQ, 1_000)).isNull();
            assertThat(delivered(run)).hasSize(rounds * perRound).doesNotHaveDuplicates();
        } finally {
            RouteFileStartUp.remove(context, QUEUE_ROUTES, List.of("om-queue-report"));
            RouteFileStartUp.load(context, QUEUE_FILE, Map.of());
        }
    }

    /**
     * A replica that stops after OM confirmed an event but before acknowledging it: the broker delivers the
     * event again, and it must not be sent twice. The route file is loaded with a step after the report that
     * fails once (as the stop would), so the redelivery is the broker's own.
     */
    @Test
    void anEventDeliveredAgainAfterItWasReportedIsNotSentTwice() throws Exception {
        String run = "r-" + UUID.randomUUID() + "-";
        AtomicInteger afterReport = new AtomicInteger();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:test-om-after-report").routeId("test-om-after-report").process(e -> {
                    if (afterReport.incrementAndGet() == 1) {
                        throw new IllegalStateException("stopped before acknowledging (test)");
                    }
                });
            }
        });
        double duplicatesBefore = registry.counter("bundle.om.events", "outcome", "skipped_duplicate").count();
        try {
            RouteFileStartUp.remove(context, QUEUE_ROUTES, List.of("om-queue-report"));
            RouteFileStartUp.load(context, QUEUE_FILE, Map.of(DELIVER_ROUTE,
                    "        - to: direct:test-om-after-report\n" + DELIVER_ROUTE));

            send(event(run + "once"));

            await().atMost(Duration.ofSeconds(30)).until(() -> afterReport.get() >= 2);
            assertThat(delivered(run)).as("reported, then delivered again").containsExactly(run + "once");
            assertThat(registry.counter("bundle.om.events", "outcome", "skipped_duplicate").count() - duplicatesBefore)
                    .isEqualTo(1);
            assertThat(consumer.receive("amqp:queue:" + TestQueues.OM_DLQ, 1_000)).isNull();
        } finally {
            RouteFileStartUp.remove(context, QUEUE_ROUTES, List.of("om-queue-report"));
            RouteFileStartUp.remove(context, List.of("test-om-after-report"), List.of());
            RouteFileStartUp.load(context, QUEUE_FILE, Map.of());
        }
    }

    /** Where the route om-queue ends in its file: a step put before it is om-queue's last. */
    private static final String DELIVER_ROUTE = "- route:\n    id: om-queue-deliver";

    /** Queued events dead-lettered so far: bundle.om.events{outcome=rejected|failed}, counted by {@link OmQueue}. */
    private double deadLettered() {
        return registry.find("bundle.om.events").tags("outcome", "rejected").counters().stream()
                .mapToDouble(c -> c.count()).sum()
                + registry.find("bundle.om.events").tags("outcome", "failed")
                        .counters().stream().mapToDouble(c -> c.count()).sum();
    }

    @Test
    void transientFailuresAreRetriedThenSent() {
        String run = "t-" + UUID.randomUUID() + "-";
        int before = sandbox.dataRequests();
        sandbox.dataFaults().failNext(Kind.HTTP_500, 2);
        send(event(run + "retried"));

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(delivered(run)).containsExactly(run + "retried"));
        assertThat(sandbox.dataRequests() - before).as("two failures and the success").isEqualTo(3);
        assertThat(consumer.receive("amqp:queue:" + TestQueues.OM_DLQ, 1_000)).isNull();
    }

    @Test
    void refusedAndExhaustedEventsAreDeadLetteredAsReceived() {
        String run = "p-" + UUID.randomUUID() + "-";
        sandbox.dataFaults().failNext(Kind.ERROR_CODE, 1);
        send(event(run + "refused"));
        Exchange refused = deadLetter();
        assertThat(refused.getMessage().getHeader("omReason", String.class))
                .startsWith("refused by OM: OM answered code 50001: ");
        assertThat(refused.getMessage().getBody(String.class)).isEqualTo(event(run + "refused"));

        sandbox.dataFaults().rate(Kind.HTTP_500, 1.0);
        int before = sandbox.dataRequests();
        send(event(run + "exhausted"));
        Exchange exhausted = deadLetter();
        assertThat(exhausted.getMessage().getHeader("omReason", String.class))
                .isEqualTo("failed after retries: OM answered HTTP 500");
        assertThat(sandbox.dataRequests() - before).as("five attempts").isEqualTo(5);
        assertThat(exhausted.getMessage().getHeaders().keySet()).noneMatch(k -> k.toLowerCase().contains("token"));

        sandbox.dataFaults().clear();
        send(event(run + "after"));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(delivered(run)).containsExactly(run + "after"));
    }
}
