package io.camelbundle.support;

import java.util.Map;
import java.util.UUID;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Switches both queue routes on (OM events, TZE messages) against the machine's RabbitMQ (127.0.0.1:5672,
 * guest/guest, plugin rabbitmq_amqp1_0), for OmQueueTest and TzeQueueTest: one profile, so Quarkus starts once
 * for both. The queues get a per-run suffix: several builds share the broker, and one run must never consume
 * another's messages. One OM consumer, so the test knows which event meets which sandbox fault (the start-up
 * tests load the routes with 4); a prefetch of 1 ({@link Broker#URL_PREFETCH_ONE}).
 */
public class QueuesProfile implements QuarkusTestProfile {

    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    public static final String OM_QUEUE = "om.events.test-" + RUN;
    public static final String OM_DLQ = "om.events.dlq.test-" + RUN;
    public static final String TZE_QUEUE = "tze.messages.test-" + RUN;
    public static final String TZE_DLQ = "tze.messages.dlq.test-" + RUN;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("om.queue.enabled", "true",
                "om.queue.name", OM_QUEUE,
                "om.queue.dead-letter", OM_DLQ,
                "om.queue.consumers", "1",
                "tze.queue.enabled", "true",
                "tze.queue.name", TZE_QUEUE,
                "tze.queue.dead-letter", TZE_DLQ,
                "quarkus.qpid-jms.url", Broker.URL_PREFETCH_ONE,
                "bundle.data-dir", "./target/test-data/queues-" + RUN);
    }
}
