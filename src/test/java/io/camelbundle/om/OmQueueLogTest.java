package io.camelbundle.om;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import io.camelbundle.support.CapturedLogs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** What the OM queue logs of a message quotes the producer's text, escaped so it cannot forge a log line. */
class OmQueueLogTest {

    @Test
    void aRedeliveryIsCountedAndItsMessageIdCannotForgeALogLine() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        OmQueue queue = new OmQueue(registry);
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeader("JMSMessageID", "ID:1\nERROR forged line");

        List<String> logged = CapturedLogs.of(OmQueue.class, () -> queue.duplicate(exchange));

        assertThat(registry.get("bundle.om.events").tag("outcome", "skipped_duplicate").counter().count()).isEqualTo(1);
        assertThat(logged).singleElement().asString().contains("ID:1\\nERROR forged line").doesNotContain("\n");
    }

    @Test
    void aDeadLetterReasonQuotingALineBreakIsLoggedOnOneLine() {
        OmQueue queue = new OmQueue(new SimpleMeterRegistry());
        Exchange original = new DefaultExchange(new DefaultCamelContext());
        original.getMessage().setBody("{\"doc_id\":\"x\"}");
        Exchange reported = new DefaultExchange(new DefaultCamelContext());
        reported.setException(new OmEventRejectedException(List.of("doc_id: \"a\nERROR forged line\" is too long")));

        List<String> logged = CapturedLogs.of(OmQueue.class, () -> queue.aggregate(original, reported));

        assertThat(original.getMessage().getHeader("omReason", String.class)).as("the dead letter keeps the text")
                .contains("a\nERROR forged line");
        assertThat(logged).singleElement().asString().contains("a\\nERROR forged line").doesNotContain("\n");
    }
}
