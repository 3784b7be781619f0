package io.camelbundle.tze;

import java.util.Map;
import java.util.UUID;

import io.camelbundle.support.Broker;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Switches the AMQP queue route on against the machine's RabbitMQ (127.0.0.1:5672, guest/guest, plugin
 * rabbitmq_amqp1_0). The queues get a per-run suffix: several builds share the broker, and one run must
 * never consume another's messages. A prefetch of 1 ({@link Broker#URL_PREFETCH_ONE}) for the start-up test.
 */
public class TzeQueueProfile implements QuarkusTestProfile {

    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final String QUEUE = "tze.messages.test-" + RUN;
    static final String DLQ = "tze.messages.dlq.test-" + RUN;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("tze.queue.enabled", "true",
                "tze.queue.name", QUEUE,
                "tze.queue.dead-letter", DLQ,
                "quarkus.qpid-jms.url", Broker.URL_PREFETCH_ONE,
                "bundle.data-dir", "./target/test-data/tze-queue-" + RUN);
    }
}
