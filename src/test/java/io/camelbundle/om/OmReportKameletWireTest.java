package io.camelbundle.om;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import io.camelbundle.support.RouteFileContexts;
import io.camelbundle.support.http.CallLimits;
import io.camelbundle.token.TokenRetry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * kamelet:om-report-event-action (routes/kamelets), on the wire against a strict stand-in for OM's
 * data API: the request in both send modes, what leaves (nothing of the incoming message), and how answers
 * and failures are classified. Called directly nothing is retried, so each failure is seen as the Kamelet
 * raises it; called from a route with routes/om-delivery.camel.yaml, the redeliveries run the whole Kamelet
 * (OmReportEventTest covers the same in the running bundle).
 */
class OmReportKameletWireTest {

    private static final String MSG = "{\"sub_ch\":\"快报推荐流\",\"doc_id\":\"a&b=c+d %\"}";
    private static final NormalizedEvent EVENT = new NormalizedEvent(Map.of(), MSG, List.of());

    /** What the Kamelet asks the central control for; the real one needs a database. */
    public static class FixedTokens {
        public String accessToken(String credential) {
            return "om".equals(credential) ? "TOKEN-1" : null;
        }
    }

    private final WireMockServer server = new WireMockServer(options().dynamicPort());
    private DefaultCamelContext camel;
    private ProducerTemplate producer;

    /** Tokens the redelivery of a refusal expired (the bundle's omTokenExpiry compares and expires them). */
    private final List<String> expired = new java.util.concurrent.CopyOnWriteArrayList<>();

    private void start(String sendMode, String sendTimeout) throws Exception {
        start(sendMode, sendTimeout, false);
    }

    /** With redeliveries: routes/om-delivery.camel.yaml and a calling route, direct:caller, as a file drop has. */
    private void start(String sendMode, String sendTimeout, boolean redelivery) throws Exception {
        server.start();
        server.stubFor(post(urlPathEqualTo("/data/receiveclient"))
                .willReturn(okJson("{\"code\":0,\"msg\":\"SUCCESS\",\"data\":{}}")));
        Map<String, String> config = Map.of("om.api-url", server.baseUrl(), "om.connect-timeout", "PT5S",
                "om.send-timeout", sendTimeout, "om.max-connections", "4", "om.retry.max-redeliveries", "4",
                "om.retry.initial-delay", "10", "om.retry.max-delay", "20");
        camel = RouteFileContexts.create(config);
        camel.getRegistry().bind("omEvents", new OmEvents(null));
        camel.getRegistry().bind("tokenControl", new FixedTokens());
        camel.getRegistry().bind("omDataRequest", new OmDataRequest(OmDataRequest.mode(sendMode)));
        camel.getRegistry().bind("omDataAnswer", new OmDataAnswer(Set.of("40001"), new SimpleMeterRegistry()));
        camel.getRegistry().bind("omHttp", new CallLimits("om", 1_048_576));
        camel.getRegistry().bind("tokenRetry", new TokenRetry());
        camel.getRegistry().bind("omTokenExpiry",
                (org.apache.camel.Processor) e -> expired.add(e.getProperty(OmDataRequest.TOKEN, String.class)));
        if (redelivery) {
            RouteFileContexts.load(camel, "file:routes/om-delivery.camel.yaml");
            camel.addRoutes(new org.apache.camel.builder.RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:caller").to("kamelet:om-report-event-action/caller");
                }
            });
        }
        camel.start();
        producer = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        if (camel != null) {
            camel.stop();
        }
        server.stop();
    }

    private Exchange report() {
        return producer.request("kamelet:om-report-event-action", e -> {
            e.getMessage().setBody(EVENT);
            e.getMessage().setHeader("Authorization", "Bearer inbound-key");
            e.getMessage().setHeader("CamelHttpUri", "http://elsewhere.example/");
        });
    }

    private void answer(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder response) {
        server.stubFor(post(urlPathEqualTo("/data/receiveclient")).willReturn(response));
    }

    @Test
    void formModeSendsAccessTokenAndMsgAsAUtf8FormBodyAndNothingOfTheIncomingMessage() throws Exception {
        start("form", "PT10S");
        Exchange exchange = report();
        assertThat(exchange.getException()).isNull();
        assertThat(exchange.getMessage().getBody()).as("the body is left as it was").isEqualTo(EVENT);
        assertThat(exchange.getMessage().getHeaders()).as("so are the caller's headers")
                .containsEntry("Authorization", "Bearer inbound-key").doesNotContainKey(Exchange.HTTP_RESPONSE_CODE)
                .doesNotContainKey(Exchange.CONTENT_TYPE);
        server.verify(postRequestedFor(urlPathEqualTo("/data/receiveclient"))
                .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded; charset=UTF-8"))
                .withHeader("Authorization", absent())
                .withFormParam("access_token", equalTo("TOKEN-1"))
                .withFormParam("msg", equalTo(MSG)));
        assertThat(server.getAllServeEvents().get(0).getRequest().getQueryParams()).isEmpty();
    }

    @Test
    void queryModeSendsThemAsQueryParametersOfAPost() throws Exception {
        start("query", "PT10S");
        assertThat(report().getException()).isNull();
        server.verify(postRequestedFor(urlPathEqualTo("/data/receiveclient"))
                .withQueryParam("access_token", equalTo("TOKEN-1"))
                .withQueryParam("msg", equalTo(MSG)));
    }

    @Test
    void stringAndNumericCodesAreBothSuccess() throws Exception {
        start("form", "PT10S");
        answer(okJson("{\"code\":\"0\"}"));
        assertThat(report().getException()).isNull();
    }

    @Test
    void serverErrorsRateLimitsAndGarbageAreTransientAndTheEventStaysTheBody() throws Exception {
        start("form", "PT10S");
        for (int status : new int[]{500, 502, 503, 429}) {
            answer(aResponse().withStatus(status).withBody("<html>busy</html>"));
            Exchange exchange = report();
            assertThat(exchange.getException()).isInstanceOf(OmDeliveryException.class)
                    .hasMessage("OM answered HTTP " + status);
            assertThat(((OmDeliveryException) exchange.getException()).transientFailure()).isTrue();
            assertThat(exchange.getMessage().getBody()).isEqualTo(EVENT);
        }
        answer(aResponse().withStatus(200).withBody("<html>"));
        Exchange garbage = report();
        assertThat(((OmDeliveryException) garbage.getException()).transientFailure()).isTrue();
    }

    @Test
    void aTokenInvalidCodeIsATokenRefusalAndOtherCodesArePermanent() throws Exception {
        start("form", "PT10S");
        answer(okJson("{\"code\":40001,\"msg\":\"access_token invalid\"}"));
        Exchange refused = report();
        assertThat(refused.getException()).isInstanceOf(OmTokenRejectedException.class);
        assertThat(refused.getProperty(OmDataRequest.TOKEN)).as("the token to compare and expire").isEqualTo("TOKEN-1");
        answer(okJson("{\"code\":50001,\"msg\":\"system busy\"}"));
        Exchange permanent = report();
        assertThat(permanent.getException()).isExactlyInstanceOf(OmDeliveryException.class)
                .hasMessage("OM answered code 50001: system busy");
        assertThat(((OmDeliveryException) permanent.getException()).transientFailure()).isFalse();
    }

    @Test
    void omsTextIsMaskedOfTheCallsTokenEscapedAndCut() throws Exception {
        // the text goes on to logs, reports and dead letters: OM quoting the token, a forged log line, a flood
        start("form", "PT10S");
        answer(okJson("{\"code\":50001,\"msg\":\"access token TOKEN-1 is not allowed\\nFORGED " + "x".repeat(5_000)
                + "\"}"));
        Exchange refused = report();
        assertThat(refused.getException()).isExactlyInstanceOf(OmDeliveryException.class)
                .hasMessageStartingWith("OM answered code 50001: access token **** is not allowed\\nFORGED xxx");
        assertThat(refused.getException().getMessage()).doesNotContain("TOKEN-1").doesNotContain("\n")
                .hasSizeLessThan(300);
    }

    @Test
    void aTimeoutAndAnUnreachableOmAreTransientAndNeverQuoteTheToken() throws Exception {
        start("query", "PT0.8S");
        answer(okJson("{\"code\":0}").withFixedDelay(3000));
        Exchange slow = report();
        assertThat(slow.getException()).isInstanceOf(OmDeliveryException.class)
                .hasMessage("OM did not answer within 800 ms");
        assertThat(((OmDeliveryException) slow.getException()).transientFailure()).isTrue();
        server.stop();
        Exchange down = report();
        assertThat(down.getException()).hasMessageStartingWith("OM unreachable").message().doesNotContain("TOKEN-1");
        assertThat(((OmDeliveryException) down.getException()).transientFailure()).isTrue();
    }

    /** An answer dripping in slowly ends at om.send-timeout: every chunk is within any read timeout. */
    @Test
    void aDrippingAnswerEndsAtTheTimeout() throws Exception {
        start("form", "PT1S");
        answer(okJson("{\"code\":0,\"msg\":\"SUCCESS\",\"data\":{}}").withChunkedDribbleDelay(30, 15_000));
        Exchange exchange = report();
        assertThat(exchange.getException()).isInstanceOf(OmDeliveryException.class)
                .hasMessage("OM did not answer within 1000 ms");
    }

    /** A redelivery runs the whole send again (token, request, HTTP call, check), not only the failed step. */
    @Test
    @org.junit.jupiter.api.Timeout(value = 60, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void aTransientFailureIsSentAgainWholeUpToTheLimit() throws Exception {
        start("form", "PT10S", true);
        answer(aResponse().withStatus(500));
        Exchange exchange = producer.request("direct:caller", e -> {
            e.getMessage().setBody(EVENT);
            e.getMessage().setHeader("omKey", "file-hash:7");
        });
        assertThat(exchange.getException()).isInstanceOf(OmDeliveryException.class).hasMessage("OM answered HTTP 500");
        server.verify(5, postRequestedFor(urlPathEqualTo("/data/receiveclient")));
        assertThat(exchange.getMessage().getBody()).isEqualTo(EVENT);
        assertThat(exchange.getMessage().getHeader("omKey")).isEqualTo("file-hash:7");
    }

    /** A token OM calls invalid: expired (compare-and-expire) and sent once more; a second refusal is final. */
    @Test
    @org.junit.jupiter.api.Timeout(value = 60, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void aRefusedTokenIsExpiredAndTheEventSentOnceMore() throws Exception {
        start("form", "PT10S", true);
        answer(okJson("{\"code\":40001,\"msg\":\"access_token invalid\"}"));
        Exchange exchange = producer.request("direct:caller", e -> e.getMessage().setBody(EVENT));
        assertThat(exchange.getException()).isInstanceOf(OmTokenRejectedException.class);
        server.verify(2, postRequestedFor(urlPathEqualTo("/data/receiveclient")));
        assertThat(expired).containsExactly("TOKEN-1");
    }

    /**
     * OM unreachable for a moment, then refusing the token (it restarted and forgot it): the transient retry
     * does not use up the token retry, so the event is sent with a fresh token.
     */
    @Test
    @org.junit.jupiter.api.Timeout(value = 60, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void aTokenRefusalAfterATransientFailureIsStillRetriedWithAFreshToken() throws Exception {
        start("form", "PT10S", true);
        String url = "/data/receiveclient";
        server.stubFor(post(urlPathEqualTo(url)).inScenario("restart").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("back"));
        server.stubFor(post(urlPathEqualTo(url)).inScenario("restart").whenScenarioStateIs("back")
                .willReturn(okJson("{\"code\":40001,\"msg\":\"access_token invalid\"}")).willSetStateTo("fresh"));
        server.stubFor(post(urlPathEqualTo(url)).inScenario("restart").whenScenarioStateIs("fresh")
                .willReturn(okJson("{\"code\":0,\"msg\":\"SUCCESS\",\"data\":{}}")));

        Exchange exchange = producer.request("direct:caller", e -> e.getMessage().setBody(EVENT));

        assertThat(exchange.getException()).isNull();
        server.verify(3, postRequestedFor(urlPathEqualTo(url)));
        assertThat(expired).containsExactly("TOKEN-1");
    }
}
