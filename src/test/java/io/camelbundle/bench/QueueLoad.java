package io.camelbundle.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.apache.qpid.jms.JmsConnectionFactory;

/**
 * The load and the baseline of bench/om-queue.sh, on an AMQP 1.0 broker through Qpid JMS (the client the bundle
 * uses):
 * <ul>
 * <li>{@code fill <amqpUrl> <queue> <count>}: puts count text messages on the queue, each one OM event as the
 * queue trigger takes it (a JSON object of the event's fields, every one distinct); prints messages/s;</li>
 * <li>{@code plain <amqpUrl> <queue> <omBaseUrl> <consumers> <warm> <count>}: the baseline, what a hand-written
 * forwarder does with no validation, idempotency or dead-lettering: consumers threads, each with its own
 * CLIENT_ACKNOWLEDGE session as the bundle's route has, receive a message, send it to OM as the bundle does
 * (POST data/receiveclient, form access_token + msg) with the JDK HttpClient, and acknowledge it after OM's
 * answer; prints events/s over the count messages after the first warm (the JIT's warm-up);</li>
 * </ul>
 */
public final class QueueLoad {

    private QueueLoad() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "fill" -> fill(args[1], args[2], Integer.parseInt(args[3]));
            case "plain" -> plain(args[1], args[2], args[3], Integer.parseInt(args[4]), Integer.parseInt(args[5]),
                    Integer.parseInt(args[6]));
            default -> throw new IllegalArgumentException("fill | plain, not " + args[0]);
        }
    }

    /** Event i as the queue trigger takes it: the fields bench/gen_om_events.py writes for line i. */
    static String event(int i) {
        return String.format("{\"IP\":\"10.%d.%d.%d\",\"imei\":\"8664%08d\",\"imsi\":\"4600%08d\",\"idfa\":\"idfa%d\","
                + "\"android_id\":\"a%012x\",\"terminal\":\"2\",\"platform\":\"QQ\",\"doc_id\":\"2017%010d\","
                + "\"sub_ch\":\"快报推荐流\",\"source\":\"%d\",\"user_action\":\"%d\",\"play_action\":\"%d\","
                + "\"time_long\":\"%d\",\"ts\":\"1510662363\"}", i % 250, i % 200, i % 99 + 1, i, i, i % 1000, i, i,
                i % 5, i % 12, i % 3, i % 60000);
    }

    private static void fill(String url, String queue, int count) throws JMSException {
        // asynchronous sends: filling is not what is measured, and a synchronous send per message is slow
        try (Connection c = new JmsConnectionFactory("guest", "guest", url + "?jms.forceAsyncSend=true")
                .createConnection();
                Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageProducer producer = session.createProducer(session.createQueue(queue))) {
            // a consumer declares the queue on the broker: RabbitMQ drops what is sent to a queue name it does not know
            session.createConsumer(session.createQueue(queue)).close();
            long start = System.nanoTime();
            for (int i = 1; i <= count; i++) {
                producer.send(session.createTextMessage(event(i)));
            }
            System.out.printf("%.0f%n", count / ((System.nanoTime() - start) / 1e9));
        }
    }

    private static void plain(String url, String queue, String omBaseUrl, int consumers, int warm, int count)
            throws Exception {
        URI om = URI.create(omBaseUrl + "/data/receiveclient");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        AtomicInteger done = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicLong first = new AtomicLong();
        AtomicLong last = new AtomicLong();
        CountDownLatch finished = new CountDownLatch(1);
        // the prefetch the bundle's default broker URL sets (config/application.properties)
        Connection c = new JmsConnectionFactory("guest", "guest", url + "?jms.prefetchPolicy.all=20")
                .createConnection();
        c.start();
        for (int t = 0; t < consumers; t++) {
            Session session = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue(queue));
            // blocking receives: a receive with a timeout drains the link when the prefetch runs dry, which
            // RabbitMQ's AMQP 1.0 plugin answers with an internal error
            Thread thread = new Thread(() -> {
                while (true) {
                    try {
                        Message message = consumer.receive();
                        String form = "access_token=bench-token&msg=" + URLEncoder.encode(
                                ((TextMessage) message).getText(), StandardCharsets.UTF_8);
                        if (PlainClientBaseline.send(http, om, form) != 200) {
                            errors.incrementAndGet();
                        }
                        message.acknowledge();
                        int acknowledged = done.incrementAndGet();
                        if (acknowledged == warm) {
                            first.set(System.nanoTime());
                        } else if (acknowledged == warm + count) {
                            last.set(System.nanoTime());
                            finished.countDown();
                        }
                    } catch (Exception e) {
                        if (errors.incrementAndGet() == 1) {
                            System.err.println("first error: " + e);
                        }
                    }
                }
            });
            thread.setDaemon(true);
            thread.start();
        }
        finished.await();
        System.out.printf("%.0f%n", count / ((last.get() - first.get()) / 1e9));
        if (errors.get() > 0) {
            System.err.println(errors.get() + " errors");
        }
        System.exit(0); // the consumers block in receive(); the connection goes with the process
    }
}
