package io.camelbundle.tze;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.camelbundle.support.RouteFileContexts;
import io.camelbundle.support.http.CallLimits;
import io.camelbundle.support.http.VendorHeaders;
import io.camelbundle.token.MutableClock;
import io.camelbundle.token.TokenRetry;
import io.camelbundle.tze.TzeOauthException.Kind;

/**
 * The oauthCode exchange on the wire: route tze-oauth-exchange (routes/tze-oauth-exchange.camel.yaml) against a
 * strict stand-in, and how every kind of answer is read. Called directly, nothing is retried.
 */
class TzeOauthExchangeWireTest {

    private static final String ACCESS = "platform+token/with=specials&x";
    private static final String CODE = "0b37d86ec2796085eb4abc";
    /** Seed 002's example expiry, and a clock just before it. */
    private static final long EXPIRY = 1602052142464L;

    private final MutableClock clock = new MutableClock(EXPIRY - Duration.ofDays(15).toMillis());
    private final AtomicReference<String> accessToken = new AtomicReference<>(ACCESS);
    private WireMockServer server;
    private DefaultCamelContext camel;
    private ProducerTemplate producer;

    @BeforeEach
    void start() throws Exception {
        server = new WireMockServer(options().dynamicPort());
        server.start();
        camel = RouteFileContexts.create(Map.of("tze.api-url", server.baseUrl(), "tze.connect-timeout", "PT1S",
                "tze.timeout", "PT0.8S", "tze.retry.max-redeliveries", "0", "tze.retry.initial-delay", "0",
                "tze.retry.max-delay", "0"));
        camel.getRegistry().bind("tzeOauthExchange", new TzeOauthExchange(accessToken::get, Set.of("100001"), clock));
        camel.getRegistry().bind("tzeHttp", new CallLimits("tze", 1_048_576));
        camel.getRegistry().bind("vendorHeaders", new VendorHeaders());
        camel.getRegistry().bind("tzeTokenExpiry", (Processor) e -> {
        });
        camel.getRegistry().bind("tokenRetry", new TokenRetry());
        RouteFileContexts.load(camel, "file:routes/tze-delivery.camel.yaml");
        RouteFileContexts.load(camel, "file:routes/tze-oauth-exchange.camel.yaml");
        camel.start();
        producer = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        camel.stop();
        server.stop();
    }

    /** The route's answer: the oauthToken, or its TzeOauthException. */
    private TzeOauthToken exchange(String code) throws Exception {
        Exchange e = producer.request("direct:tze-oauth-exchange", x -> {
            x.getMessage().setBody(code);
            x.getMessage().setHeader("Authorization", "Bearer inbound-key");
            x.getMessage().setHeader(Exchange.HTTP_URI, "http://elsewhere.example/");
        });
        if (e.getException() != null) {
            throw e.getException();
        }
        return e.getMessage().getBody(TzeOauthToken.class);
    }

    private void answer(String json) {
        server.stubFor(post(urlPathEqualTo("/oauth/getOauthToken")).willReturn(okJson(json)));
    }

    private TzeOauthException failure(Executable call) {
        TzeOauthException e = catchThrowableOfType(TzeOauthException.class, () -> call.execute());
        assertThat(e).as("expected a TzeOauthException").isNotNull();
        assertThat(e.getMessage()).doesNotContain(ACCESS).doesNotContain(CODE);
        return e;
    }

    @Test
    void requestIsExactlyAsDocumentedAndTheVendorExampleIsRead() throws Exception {
        answer("{\"retCode\":\"000000\",\"retDesc\":\"success\",\"data\":{\"expiry\":1602052142464,"
                + "\"oauthToken\":\"bec21f569fb7e183205f94497ecbe9c5\"}}");
        TzeOauthToken token = exchange(CODE);
        assertThat(token).isEqualTo(new TzeOauthToken("bec21f569fb7e183205f94497ecbe9c5", EXPIRY));
        assertThat(token.toString()).doesNotContain("bec21f");
        server.verify(1, postRequestedFor(urlPathEqualTo("/oauth/getOauthToken"))
                .withQueryParam("accessToken", equalTo(ACCESS))
                .withHeader("Content-Type", equalTo("application/json; charset=UTF-8"))
                .withHeader("Authorization", absent())
                .withRequestBody(equalToJson("{\"oauthCode\":\"" + CODE + "\"}")));
        var request = server.getAllServeEvents().get(0).getRequest();
        assertThat(request.getQueryParams().keySet()).containsExactly("accessToken");
    }

    @Test
    void expiryAsAStringAndUnknownFieldsAreAccepted() throws Exception {
        answer("{\"retCode\":\"000000\",\"retDesc\":\"success\",\"extra\":1,\"data\":{\"expiry\":\" 1602052142464\","
                + "\"oauthToken\":\"T\",\"personId\":\"p\"}}");
        assertThat(exchange(CODE).expiry()).isEqualTo(EXPIRY);
    }

    @Test
    void aRefusalCarriesRetCodeAndRetDescButNoSecret() {
        answer("{\"retCode\":\"100003\",\"retDesc\":\"oauthCode " + CODE + " already used (accessToken " + ACCESS
                + ")\",\"data\":{}}");
        TzeOauthException e = failure(() -> exchange(CODE));
        assertThat(e.kind()).isEqualTo(Kind.REFUSED);
        assertThat(e.retCode()).isEqualTo("100003");
        assertThat(e.retDesc()).isEqualTo("oauthCode **** already used (accessToken ****)");
        assertThat(e.getMessage()).isEqualTo(
                "TZE refused the oauthCode: retCode 100003 (oauthCode **** already used (accessToken ****))");
        assertThat(e.transientFailure()).isFalse();
    }

    @Test
    void aRefusalEchoingTheSecretsUrlEncodedOrJsonEscapedKeepsNoneOfThem() {
        String encoded = java.net.URLEncoder.encode(ACCESS, java.nio.charset.StandardCharsets.UTF_8);
        answer("{\"retCode\":\"100003\",\"retDesc\":\"bad request accessToken=" + encoded + "&x\",\"data\":{}}");
        TzeOauthException e = failure(() -> exchange(CODE));
        assertThat(e.retDesc()).isEqualTo("bad request accessToken=****&x").doesNotContain(encoded);
        assertThat(e.getMessage()).doesNotContain(encoded);
    }

    @Test
    void anOauthTokenLongerThanTheBindingsKeepIsAMalformedAnswer() {
        answer("{\"retCode\":\"000000\",\"data\":{\"expiry\":1602052142464,\"oauthToken\":\""
                + "t".repeat(TzeBindingStore.MAX_TOKEN + 1) + "\"}}");
        TzeOauthException e = failure(() -> exchange(CODE));
        assertThat(e.kind()).isEqualTo(Kind.MALFORMED);
        assertThat(e.getMessage()).isEqualTo("TZE oauth answer's data.oauthToken has 1025 characters; at most 1024"
                + " are kept").doesNotContain("ttt");
    }

    @Test
    void aNumericZeroRetCodeIsNotSuccess() {
        answer("{\"retCode\":0,\"retDesc\":\"?\",\"data\":{\"expiry\":1602052142464,\"oauthToken\":\"T\"}}");
        assertThat(failure(() -> exchange(CODE)).retCode()).isEqualTo("0");
    }

    @Test
    void http500IsTransient() {
        server.stubFor(post(urlPathEqualTo("/oauth/getOauthToken"))
                .willReturn(aResponse().withStatus(500).withBody("<html>oops</html>")));
        TzeOauthException e = failure(() -> exchange(CODE));
        assertThat(e).hasMessage("TZE oauth endpoint answered HTTP 500");
        assertThat(e.kind()).isEqualTo(Kind.HTTP_STATUS);
        assertThat(e.httpStatus()).isEqualTo(500);
        assertThat(e.transientFailure()).isTrue();
    }

    @Test
    void http403IsNotTransient() {
        server.stubFor(post(urlPathEqualTo("/oauth/getOauthToken")).willReturn(aResponse().withStatus(403)));
        assertThat(failure(() -> exchange(CODE)).transientFailure()).isFalse();
    }

    @Test
    void timeout() {
        server.stubFor(post(urlPathEqualTo("/oauth/getOauthToken"))
                .willReturn(okJson("{\"retCode\":\"000000\"}").withFixedDelay(3000)));
        TzeOauthException e = failure(() -> exchange(CODE));
        assertThat(e).hasMessage("TZE oauth endpoint did not answer within 800 ms");
        assertThat(e.transientFailure()).isTrue();
    }

    @Test
    void malformedAnswers() {
        answer("{\"retCode\":\"000000\",\"data\":{\"oauthToken\":");
        assertThat(failure(() -> exchange(CODE))).hasMessage("TZE oauth endpoint answered malformed JSON");
        answer("{\"retDesc\":\"no code\"}");
        assertThat(failure(() -> exchange(CODE))).hasMessage("TZE oauth endpoint answered malformed JSON");
        answer("{\"retCode\":\"000000\",\"data\":{\"expiry\":1602052142464}}");
        assertThat(failure(() -> exchange(CODE))).hasMessage("TZE oauth answer has no data.oauthToken");
        answer("{\"retCode\":\"000000\",\"data\":{\"oauthToken\":\"T\",\"expiry\":\"soon\"}}");
        assertThat(failure(() -> exchange(CODE))).hasMessage("TZE oauth answer has no numeric data.expiry");
        answer("{\"retCode\":\"000000\",\"data\":{\"oauthToken\":\"T\"}}");
        assertThat(failure(() -> exchange(CODE)).kind()).isEqualTo(Kind.MALFORMED);
    }

    @Test
    void anExpiryInSecondsIsRefusedRatherThanStored() {
        answer("{\"retCode\":\"000000\",\"data\":{\"oauthToken\":\"T\",\"expiry\":1602052142}}");
        assertThat(failure(() -> exchange(CODE))).hasMessage(
                "TZE oauth answer's data.expiry 1602052142 is not in the future (epoch milliseconds expected)");
    }

    @Test
    void withoutAnAccessTokenNothingIsSent() {
        accessToken.set(null);
        TzeOauthException e = failure(() -> exchange(CODE));
        assertThat(e.kind()).isEqualTo(Kind.NOT_CONFIGURED);
        assertThat(e).hasMessage("tze.access-token is not configured");
        accessToken.set(" ");
        assertThat(failure(() -> exchange(CODE)).kind()).isEqualTo(Kind.NOT_CONFIGURED);
        assertThat(server.getAllServeEvents()).isEmpty();
    }

    @Test
    void aBlankCodeIsNotSent() {
        assertThat(failure(() -> exchange(" "))).hasMessage("no oauthCode to exchange");
        assertThat(server.getAllServeEvents()).isEmpty();
    }

    @Test
    void unreachableServerIsTransientAndQuotesNoUrl() {
        server.stop();
        TzeOauthException e = failure(() -> exchange(CODE));
        assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE);
        assertThat(e.getMessage()).startsWith("TZE oauth endpoint unreachable").doesNotContain("accessToken");
        assertThat(e.transientFailure()).isTrue();
    }
}
