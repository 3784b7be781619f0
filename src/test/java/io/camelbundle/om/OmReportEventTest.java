package io.camelbundle.om;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.camelbundle.sandbox.Faults.Kind;
import io.camelbundle.sandbox.OmSandbox;
import io.camelbundle.token.TokenControl;
import io.camelbundle.token.TokenTestState;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;

/** The reusable endpoint kamelet:om-report-event-action against the strict OM sandbox. */
@QuarkusTest
class OmReportEventTest {

    static final String EVENT = OmSampleEvents.SEED_EXAMPLE;

    @ApplicationScoped
    public static class Routes extends RouteBuilder {
        @Override
        public void configure() {
            from("direct:om-report-test").to("kamelet:om-report-event-action/om-report-test");
        }
    }

    @Inject
    ProducerTemplate producer;

    @Inject
    OmSandbox sandbox;

    @Inject
    TokenControl control;

    @Inject
    MeterRegistry registry;

    @BeforeEach
    void validToken() {
        TokenTestState.awaitValidToken(control);
    }

    @AfterEach
    void clearFaults() {
        sandbox.dataFaults().clear();
        sandbox.tokenFaults().clear();
    }

    private Exchange report(String msg) {
        return producer.request("direct:om-report-test", e -> e.getMessage().setBody(msg));
    }

    @Test
    void sendsOneEvent() {
        int before = sandbox.dataRequests();
        Exchange exchange = report(EVENT);
        assertThat(exchange.getException()).isNull();
        assertThat(exchange.getMessage().getBody(String.class)).isEqualTo(EVENT);
        assertThat(sandbox.dataRequests() - before).isEqualTo(1);
        var received = sandbox.receivedEvents().get(sandbox.receivedEvents().size() - 1);
        assertThat(received.get("sub_ch").asText()).isEqualTo("快报推荐流");
        assertThat(received.get("ts").asLong()).isEqualTo(1510662363L);
        assertThat(received.size()).isEqualTo(26);
    }

    @Test
    void missingFieldsAreFilledAndDataSourceDefaults() {
        Exchange exchange = report("{\"IP\":\"10.1.1.1\",\"doc_id\":\"d1\",\"user_action\":\"1\"}");
        assertThat(exchange.getException()).isNull();
        var received = sandbox.receivedEvents().get(sandbox.receivedEvents().size() - 1);
        assertThat(received.get("imei").isNull()).as("missing string is JSON null").isTrue();
        assertThat(received.get("time_long").asLong()).as("missing bigint is 0").isZero();
        assertThat(received.get("user_action").isIntegralNumber()).isTrue();
        assertThat(received.get("data_source").asText()).isEqualTo("sandbox");
    }

    @Test
    void fieldNamesMatchInAnyCaseAndUnknownNamesAreCounted() {
        String unknown = "colour_" + UUID.randomUUID().toString().substring(0, 8);
        Exchange exchange = report("{\"ip\":\"10.1.1.7\",\"Data_source\":\"partner-x\",\"DOC_ID\":\"d-case\","
                + "\"" + unknown + "\":\"red\"}");
        assertThat(exchange.getException()).isNull();
        var received = sandbox.receivedEvents().get(sandbox.receivedEvents().size() - 1);
        assertThat(received.get("IP").asText()).isEqualTo("10.1.1.7");
        assertThat(received.get("data_source").asText()).isEqualTo("partner-x");
        assertThat(received.get("doc_id").asText()).isEqualTo("d-case");
        assertThat(received.has(unknown)).isFalse();
        assertThat(registry.get("bundle.om.unknown.fields").tag("field", unknown).counter().count()).isEqualTo(1);
    }

    @Test
    void anEmptyDataSourceGetsTheConfiguredOne() {
        Exchange exchange = report("{\"doc_id\":\"d-empty-source\",\"data_source\":\"\"}");
        assertThat(exchange.getException()).isNull();
        var received = sandbox.receivedEvents().get(sandbox.receivedEvents().size() - 1);
        assertThat(received.get("data_source").asText()).isEqualTo("sandbox");
    }

    @Test
    void oneFieldNamedTwiceInDifferentCasesIsRejected() {
        int before = sandbox.dataRequests();
        Exchange exchange = report("{\"IP\":\"10.1.1.1\",\"ip\":\"10.1.1.2\"}");
        assertThat(exchange.getException()).isInstanceOf(OmEventRejectedException.class);
        assertThat(((OmEventRejectedException) exchange.getException()).reasons())
                .containsExactly("IP: named twice, as \"IP\" and \"ip\"");
        assertThat(sandbox.dataRequests()).isEqualTo(before);
    }

    @Test
    void invalidEventIsRejectedNamingEveryFieldAndNothingIsSent() {
        int before = sandbox.dataRequests();
        Exchange exchange = report("{\"IP\":\"999.1.1.1\",\"user_action\":12,\"ts\":1510662363000}");
        assertThat(exchange.getException()).isInstanceOf(OmEventRejectedException.class);
        assertThat(((OmEventRejectedException) exchange.getException()).reasons())
                .anyMatch(r -> r.startsWith("IP")).anyMatch(r -> r.startsWith("user_action"))
                .anyMatch(r -> r.startsWith("ts"));
        assertThat(sandbox.dataRequests()).isEqualTo(before);
    }

    @Test
    void transientFailuresAreRetriedWithBackoff() {
        int before = sandbox.dataRequests();
        sandbox.dataFaults().failNext(Kind.HTTP_500, 2);
        Exchange exchange = report(EVENT);
        assertThat(exchange.getException()).isNull();
        assertThat(sandbox.dataRequests() - before).isEqualTo(3);
    }

    @Test
    void retriesStopAfterFiveAttempts() {
        int before = sandbox.dataRequests();
        sandbox.dataFaults().rate(Kind.HTTP_500, 1.0);
        Exchange exchange = report(EVENT);
        assertThat(exchange.getException()).isInstanceOf(OmDeliveryException.class)
                .hasMessage("OM answered HTTP 500");
        assertThat(((OmDeliveryException) exchange.getException()).transientFailure()).isTrue();
        assertThat(sandbox.dataRequests() - before).isEqualTo(5);
    }

    @Test
    void tokenInvalidAnswerIsComparedExpiredAndSentOnceMore() {
        int data = sandbox.dataRequests();
        int tokens = sandbox.tokenRequests();
        sandbox.dataFaults().failNext(Kind.TOKEN_INVALID, 1);
        Exchange exchange = report(EVENT);
        assertThat(exchange.getException()).isNull();
        assertThat(sandbox.dataRequests() - data).isEqualTo(2);
        assertThat(sandbox.tokenRequests() - tokens).isEqualTo(1);
    }

    @Test
    void nonZeroCodeIsPermanentAndNotRetried() {
        int before = sandbox.dataRequests();
        sandbox.dataFaults().failNext(Kind.ERROR_CODE, 1);
        Exchange exchange = report(EVENT);
        assertThat(exchange.getException()).isInstanceOf(OmDeliveryException.class)
                .hasMessageStartingWith("OM answered code 50001: ");
        assertThat(((OmDeliveryException) exchange.getException()).transientFailure()).isFalse();
        assertThat(sandbox.dataRequests() - before).isEqualTo(1);
    }
}
