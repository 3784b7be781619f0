package io.camelbundle.tze;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import io.camelbundle.support.CapturedLogs;

/** A dead letter's reason quotes the producer's text: the log line escapes it, the dead letter keeps it. */
class TzeQueueLogTest {

    @Test
    void aDeadLetterReasonQuotingALineBreakIsLoggedOnOneLine() {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(TzeQueue.ORIGINAL, "{\"personIds\":[\"p\"]}");
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT,
                new InvalidTzeRequestException(List.of("unknown template 'a\nERROR forged line'")));

        List<String> logged = CapturedLogs.of(TzeQueue.class, () -> new TzeQueue().deadLetterInvalid(exchange));

        assertThat(exchange.getMessage().getHeader("tzeReason", String.class)).contains("a\nERROR forged line");
        assertThat(logged).singleElement().asString().contains("a\\nERROR forged line").doesNotContain("\n");
    }
}
