package io.camelbundle.om;

import java.util.Map;
import java.util.UUID;

import io.camelbundle.support.Broker;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Switches the OM queue route on against the machine's RabbitMQ (127.0.0.1:5672, guest/guest, plugin
 * rabbitmq_amqp1_0). The queues get a per-run suffix: several builds share the broker, and one run must
 * never consume another's messages. One consumer, so the test knows which event meets which sandbox fault
 * (the start-up test loads the route with 4); a prefetch of 1 ({@link Broker#URL_PREFETCH_ONE}).
 */
public class OmQueueProfile implements QuarkusTestProfile {

    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final String QUEUE = "om.events.test-" + RUN;
    static final String DLQ = "om.events.dlq.test-" + RUN;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("om.queue.enabled", "true",
                "om.queue.name", QUEUE,
                "om.queue.dead-letter", DLQ,
                "om.queue.consumers", "1",
                "quarkus.qpid-jms.url", Broker.URL_PREFETCH_ONE,
                "bundle.data-dir", "./target/test-data/om-queue-" + RUN);
    }
}
