package io.camelbundle.support;

import java.util.Map;
import java.util.UUID;

/**
 * Both queue routes switched on (OM events, TZE messages) against the machine's RabbitMQ (127.0.0.1:5672,
 * guest/guest, plugin rabbitmq_amqp1_0), for OmQueueTest and TzeQueueTest. The cookbook's profile sets these
 * too, so the tests that use the broker share one Quarkus start (each test profile costs an augmentation and a
 * start). The queues get a per-run suffix: several builds share the broker, and one run must never consume
 * another's messages. One OM consumer, so the test knows which event meets which sandbox fault (the start-up
 * tests load the routes with 4); the profile connects with a prefetch of 1 ({@link Broker#URL_PREFETCH_ONE}).
 */
public final class TestQueues {

    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    public static final String OM_QUEUE = "om.events.test-" + RUN;
    public static final String OM_DLQ = "om.events.dlq.test-" + RUN;
    public static final String TZE_QUEUE = "tze.messages.test-" + RUN;
    public static final String TZE_DLQ = "tze.messages.dlq.test-" + RUN;

    private TestQueues() {
    }

    /** The configuration that switches the queues on under this run's names. */
    public static Map<String, String> settings() {
        return Map.of("om.queue.enabled", "true",
                "om.queue.name", OM_QUEUE,
                "om.queue.dead-letter", OM_DLQ,
                "om.queue.consumers", "1",
                "tze.queue.enabled", "true",
                "tze.queue.name", TZE_QUEUE,
                "tze.queue.dead-letter", TZE_DLQ);
    }
}
