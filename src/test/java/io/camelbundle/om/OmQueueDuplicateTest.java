package io.camelbundle.om;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** A queued OM event delivered again: counted, and its producer-chosen id logged without forging a line. */
class OmQueueDuplicateTest {

    @Test
    void aRedeliveryIsCountedAndItsMessageIdCannotForgeALogLine() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        OmQueue queue = new OmQueue(registry);
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeader("JMSMessageID", "ID:1\nERROR forged line");
        List<String> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(new SimpleFormatter().formatMessage(record));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        capture.setLevel(Level.ALL);
        Logger logger = Logger.getLogger(OmQueue.class.getName());
        logger.addHandler(capture);
        try {
            queue.duplicate(exchange);
        } finally {
            logger.removeHandler(capture);
        }

        assertThat(registry.get("bundle.om.events").tag("outcome", "skipped_duplicate").counter().count()).isEqualTo(1);
        assertThat(logged).singleElement().asString().contains("ID:1\\nERROR forged line").doesNotContain("\n");
    }
}
