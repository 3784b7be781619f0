package io.camelbundle.tze;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.camelbundle.support.CapturedLogs;
import io.camelbundle.support.LogBudget;
import io.camelbundle.token.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** TZE's meters: one count per person and outcome of a send, one per OAuth callback; refusals logged in a budget. */
class TzeMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TzeMetrics metrics = new TzeMetrics(registry);
    private final DefaultCamelContext camel = new DefaultCamelContext();

    private double count(String meter, String outcome) {
        return registry.get(meter).tag("outcome", outcome).counter().count();
    }

    @Test
    void everyOutcomeIsThereFromTheStartAtZero() {
        assertThat(registry.get(TzeMetrics.SENDS).counters()).extracting(c -> c.getId().getTag("outcome"))
                .containsExactlyInAnyOrder("sent", "skipped_duplicate", "unbound", "binding_invalid", "refused",
                        "failed", "error");
        assertThat(registry.get(TzeMetrics.CALLBACKS).counters()).extracting(c -> c.getId().getTag("outcome"))
                .containsExactlyInAnyOrder("bound", "refused", "exchange_failed", "error");
        assertThat(registry.get(TzeMetrics.SENDS).counters()).allSatisfy(c -> assertThat(c.count()).isZero());
    }

    @Test
    void eachPersonOfASendCountsOnceUnderItsOutcome() throws Exception {
        TzePersonSends sends = new TzePersonSends(metrics);
        TzeSendRequest request = new TzeSendRequest(List.of("a", "b", "c", "d", "e"), null,
                new ObjectMapper().readTree("{\"msgtype\":\"text\",\"text\":{\"content\":\"x\"}}"), null);
        TzeDispatch dispatch = new TzeDispatch(request, "{}");

        sends.sent(person(dispatch, "a"));
        sends.duplicate(person(dispatch, "b"));
        sends.aggregate(null, failed(dispatch, "c", new TzeSendException(TzeSendException.Kind.UNBOUND, "no binding")));
        sends.aggregate(null, failed(dispatch, "d", new TzeSendException(TzeSendException.Kind.TRANSIENT, "HTTP 503")));
        sends.aggregate(null, failed(dispatch, "e", new IllegalStateException("a bug")));

        assertThat(count(TzeMetrics.SENDS, "sent")).isEqualTo(1);
        assertThat(count(TzeMetrics.SENDS, "skipped_duplicate")).isEqualTo(1);
        assertThat(count(TzeMetrics.SENDS, "unbound")).isEqualTo(1);
        assertThat(count(TzeMetrics.SENDS, "failed")).as("retries exhausted").isEqualTo(1);
        assertThat(count(TzeMetrics.SENDS, "error")).isEqualTo(1);
        assertThat(count(TzeMetrics.SENDS, "refused")).isZero();
    }

    @Test
    void aFloodOfRefusedCallbacksIsCountedInFullButLoggedWithinTheBudget() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-05T10:00:00Z").toEpochMilli());
        TzeOauthFlow flow = new TzeOauthFlow(null, null, null, metrics,
                new LogBudget(TzeOauthFlow.REFUSALS_LOGGED_PER_MINUTE, Duration.ofMinutes(1), clock));

        List<String> logged = CapturedLogs.of(TzeOauthFlow.class, () -> {
            for (int i = 0; i < 1000; i++) {
                flow.refused(refusal("mallory-" + i, "state unknown"));
            }
        });
        assertThat(count(TzeMetrics.CALLBACKS, "refused")).isEqualTo(1000);
        assertThat(logged).hasSize(TzeOauthFlow.REFUSALS_LOGGED_PER_MINUTE)
                .first().asString().isEqualTo("TZE OAuth callback for person mallory-0 refused: state unknown");

        clock.advance(Duration.ofMinutes(1));
        Exchange next = refusal("alice", "state expired");
        List<String> after = CapturedLogs.of(TzeOauthFlow.class, () -> flow.refused(next));
        assertThat(after).singleElement().asString().isEqualTo("TZE OAuth callback for person alice refused: "
                + "state expired (" + (1000 - TzeOauthFlow.REFUSALS_LOGGED_PER_MINUTE)
                + " more refused callbacks were not logged before this one)");
        assertThat(next.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(400);
        assertThat(next.getMessage().getBody(String.class)).contains("The login link has expired");
    }

    private Exchange person(TzeDispatch dispatch, String personId) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(TzeMessages.DISPATCH, dispatch);
        exchange.getMessage().setHeader(TzePersonSends.PERSON_ID, personId);
        return exchange;
    }

    private Exchange failed(TzeDispatch dispatch, String personId, Exception failure) {
        Exchange exchange = person(dispatch, personId);
        exchange.setException(failure);
        return exchange;
    }

    private Exchange refusal(String personId, String reason) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(TzeOauthFlow.PERSON, personId);
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT,
                new TzeOauthRefusal("The login link has expired. Please ask for a new one.", reason));
        return exchange;
    }
}
