package io.camelbundle.om;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.camel.ConsumerTemplate;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.camelbundle.sandbox.Faults.Kind;
import io.camelbundle.sandbox.OmSandbox;
import io.camelbundle.token.TokenControl;
import io.camelbundle.token.TokenTestState;
import io.camelbundle.support.Broker;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * A real AMQP 1.0 round trip on the machine's RabbitMQ: events on om.events are reported to the strict OM
 * sandbox; transient failures are retried and then sent; what cannot be reported (not JSON, not an object,
 * invalid fields, a code OM refuses, failures outlasting the retries) lands as received on the dead-letter
 * queue with the reason in omReason, and the queue keeps flowing.
 */
@QuarkusTest
@TestProfile(OmQueueProfile.class)
class OmQueueTest {

    @Inject
    OmSandbox sandbox;

    @Inject
    TokenControl control;

    @Inject
    ProducerTemplate producer;

    @Inject
    ConsumerTemplate consumer;

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
        producer.sendBody("amqp:queue:" + OmQueueProfile.QUEUE, body);
    }

    private static String event(String docId) {
        return "{\"IP\":\"10.1.1.191\",\"doc_id\":\"" + docId + "\",\"sub_ch\":\"快报推荐流 🎬\",\"user_action\":2,"
                + "\"source\":\"2\",\"ts\":1510662363}";
    }

    private Exchange deadLetter() {
        Exchange e = consumer.receive("amqp:queue:" + OmQueueProfile.DLQ, 30_000);
        assertThat(e).as("a dead letter on " + OmQueueProfile.DLQ).isNotNull();
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
                .isEqualTo("rejected: record: not a JSON object");
        assertThat(malformed.getMessage().getBody(String.class)).isEqualTo("{\"doc_id\":\"" + run + "broken\",");
        assertThat(malformed.getMessage().getHeader("omSourceQueue", String.class)).contains(OmQueueProfile.QUEUE);
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
        assertThat(consumer.receive("amqp:queue:" + OmQueueProfile.DLQ, 1_000)).as("nothing else dead-lettered")
                .isNull();
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
        assertThat(consumer.receive("amqp:queue:" + OmQueueProfile.DLQ, 1_000)).isNull();
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
