package io.camelbundle.tze;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.camelbundle.support.CapturedLogs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** What TZE's sends log quotes the caller's text (a dead letter's reason, a personId): escaped, one line each. */
class TzeSendLogsTest {

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

    @Test
    void aPersonNotReachedIsLoggedOnOneLineWhateverItsId() throws Exception {
        String person = "p\nERROR forged line";
        // parse() refuses such an id now; the log stays one line should one ever get this far
        TzeSendRequest request = new TzeSendRequest(List.of(person), null,
                new ObjectMapper().readTree("{\"msgtype\":\"text\",\"text\":{\"content\":\"x\"}}"), null);
        Exchange sub = new DefaultExchange(new DefaultCamelContext());
        sub.setProperty(TzeMessages.DISPATCH, new TzeDispatch(request, "{}"));
        sub.getMessage().setHeader(TzePersonSends.PERSON_ID, person);
        sub.setException(new TzeSendException(TzeSendException.Kind.UNBOUND, "no binding"));

        List<String> logged = CapturedLogs.of(TzePersonSends.class,
                () -> new TzePersonSends(new TzeMetrics(new SimpleMeterRegistry())).aggregate(null, sub));

        assertThat(logged).singleElement().asString().contains("p\\nERROR forged line").doesNotContain("\n");
    }
}
