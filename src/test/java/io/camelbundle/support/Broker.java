package io.camelbundle.support;

import static org.assertj.core.api.Assertions.fail;

import jakarta.jms.Connection;

import org.apache.qpid.jms.JmsConnectionFactory;

/** The machine's RabbitMQ with AMQP 1.0, which the queue-trigger tests use. */
public final class Broker {

    private static final String URL = "amqp://127.0.0.1:5672?jms.connectTimeout=5000";

    private Broker() {
    }

    /** Fails the test with what to do when the broker is not there (rather than a timeout later). */
    public static void assertReachable() {
        try (Connection c = new JmsConnectionFactory("guest", "guest", URL).createConnection()) {
            c.start();
        } catch (Exception e) {
            fail("RabbitMQ with AMQP 1.0 is not reachable at 127.0.0.1:5672 (guest/guest): start RabbitMQ and run"
                    + " 'rabbitmq-plugins enable rabbitmq_amqp1_0' (.ci/run does both). Cause: " + e);
        }
    }
}
