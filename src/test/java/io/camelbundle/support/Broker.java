package io.camelbundle.support;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;

import org.apache.qpid.jms.JmsConnectionFactory;

/** The machine's RabbitMQ with AMQP 1.0, which the queue-trigger tests use. */
public final class Broker {

    private static final String URL = "amqp://127.0.0.1:5672?jms.connectTimeout=5000";

    /**
     * The bundle's broker URL for tests that need several consumers to share a backlog: with Qpid JMS's
     * default prefetch (1000) the first consumer to attach takes a whole queue of waiting messages, so
     * the others start idle; with a prefetch of 1 each consumer takes its first message as it attaches,
     * as all of them do when clients keep publishing while the bundle starts.
     */
    public static final String URL_PREFETCH_ONE = "amqp://127.0.0.1:5672?jms.receiveLocalOnly=true"
            + "&jms.prefetchPolicy.all=1";

    private Broker() {
    }

    /** Puts text messages on a queue through one connection (a ProducerTemplate opens one per message). */
    public static void publish(String queue, List<String> bodies) throws JMSException {
        try (Connection c = new JmsConnectionFactory("guest", "guest", URL).createConnection();
                Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageProducer producer = session.createProducer(session.createQueue(queue))) {
            for (String body : bodies) {
                producer.send(session.createTextMessage(body));
            }
        }
    }

    /** Puts one JMS message that {@code create} makes in the session on a queue. */
    public static void publish(String queue, MessageFactory create) throws JMSException {
        try (Connection c = new JmsConnectionFactory("guest", "guest", URL).createConnection();
                Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageProducer producer = session.createProducer(session.createQueue(queue))) {
            producer.send(create.in(session));
        }
    }

    /** Makes a message of some JMS kind in a session. */
    @FunctionalInterface
    public interface MessageFactory {
        Message in(Session session) throws JMSException;
    }

    /**
     * An ObjectMessage's payload that records being deserialized: a consumer that deserializes what anyone may
     * publish runs code of the publisher's choosing (here, only this flag).
     */
    public static final class Tripwire implements Serializable {
        private static final long serialVersionUID = 1L;
        public static final AtomicBoolean DESERIALIZED = new AtomicBoolean();

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            DESERIALIZED.set(true);
        }
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
