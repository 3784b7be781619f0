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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.camelbundle.token.IssuedToken;
import io.camelbundle.token.RouteTokenSource;
import io.camelbundle.token.TokenAcquisitionException;

/**
 * routes/om-token-fetch.camel.yaml against a strict stand-in for OM's token endpoint: the request on the wire,
 * how every kind of answer is read, and that the timeout bounds the whole call and answers are capped.
 */
class OmTokenRouteTest {

    private static final String SECRET = "s3cr3t/with+special&chars";

    private WireMockServer server;
    private OmTokenRoute route;
    private RouteTokenSource source;

    @BeforeEach
    void start() throws Exception {
        server = new WireMockServer(options().dynamicPort());
        server.start();
        // a generous timeout: a cold JVM on a busy 2-core machine can take a second for the first request
        route = OmTokenRoute.start(server.baseUrl(), "client-42", SECRET, "PT10S");
        source = route.source();
    }

    @AfterEach
    void stop() {
        route.close();
        server.stop();
    }

    private void answer(String json) {
        server.stubFor(post(urlPathEqualTo("/omoauth2/accesstoken")).willReturn(okJson(json)));
    }

    @Test
    void requestIsExactlyAsDocumented() throws Exception {
        answer("{\"code\":\"0\",\"msg\":\"success\",\"data\":{\"access_token\":\"AT\",\"expires_in\":7200}}");
        source.acquire();
        server.verify(1, postRequestedFor(urlPathEqualTo("/omoauth2/accesstoken"))
                .withQueryParam("grant_type", equalTo("clientcredentials"))
                .withQueryParam("client_id", equalTo("client-42"))
                .withQueryParam("client_secret", equalTo(SECRET))
                .withHeader("Content-Type", absent()));
        var request = server.getAllServeEvents().get(0).getRequest();
        assertThat(request.getMethod().getName()).isEqualTo("POST");
        assertThat(request.getBodyAsString()).isEmpty();
        assertThat(request.getQueryParams().keySet())
                .containsExactlyInAnyOrder("grant_type", "client_id", "client_secret");
    }

    @Test
    void documentedAnswerWithMisspelledAndUnknownFieldsIsRead() throws Exception {
        answer("{\"code\":\"0\",\"msg\":\"success\",\"data\":{\"access_token\":\"AT-1\",\"expires_in\":7200,"
                + "\"refresh toekn\":\"R\",\"refresh_toekn\":\"R\",\"openid\":\"O\",\"scope\":\"S\",\"extra\":[1]},"
                + "\"more\":true}");
        IssuedToken token = source.acquire();
        assertThat(token.accessToken()).isEqualTo("AT-1");
        assertThat(token.lifetime()).isEqualTo(Duration.ofSeconds(7200));
    }

    @Test
    void numericCodeAndStringExpiresInAreAccepted() throws Exception {
        answer("{\"code\":0,\"data\":{\"access_token\":\"AT-2\",\"expires_in\":\"3600\"}}");
        IssuedToken token = source.acquire();
        assertThat(token.lifetime()).isEqualTo(Duration.ofSeconds(3600));
    }

    @Test
    void http500IsAClearError() {
        server.stubFor(post(urlPathEqualTo("/omoauth2/accesstoken")).willReturn(aResponse().withStatus(500)
                .withBody("<html>oops</html>")));
        assertThatThrownBy(source::acquire).isInstanceOf(TokenAcquisitionException.class)
                .hasMessage("token endpoint of om answered HTTP 500")
                .satisfies(e -> assertThat(((TokenAcquisitionException) e).code()).isEqualTo("http_500"));
    }

    @Test
    void timeoutIsAClearError() throws Exception {
        server.stubFor(post(urlPathEqualTo("/omoauth2/accesstoken"))
                .willReturn(okJson("{\"code\":\"0\"}").withFixedDelay(3000)));
        try (OmTokenRoute quick = OmTokenRoute.start(server.baseUrl(), "client-42", SECRET, "PT0.8S")) {
            assertThatThrownBy(quick.source()::acquire).isInstanceOf(TokenAcquisitionException.class)
                    .hasMessageStartingWith("token endpoint of om unreachable")
                    .satisfies(e -> assertThat(((TokenAcquisitionException) e).code()).isEqualTo("unreachable"));
        }
    }

    /** An answer dripping a byte at a time ends at om.token-timeout, not when the last byte arrives. */
    @Test
    void aDrippingAnswerEndsAtTheTimeout() throws Exception {
        server.stubFor(post(urlPathEqualTo("/omoauth2/accesstoken")).willReturn(okJson("{\"code\":\"0\",\"data\":"
                + "{\"access_token\":\"AT\",\"expires_in\":7200}}").withChunkedDribbleDelay(50, 20_000)));
        try (OmTokenRoute quick = OmTokenRoute.start(server.baseUrl(), "client-42", SECRET, "PT1S")) {
            // every chunk arrives well within a socket read timeout, so only a deadline on the whole call
            // refuses this answer, which is otherwise a valid token
            assertThatThrownBy(quick.source()::acquire).isInstanceOf(TokenAcquisitionException.class)
                    .satisfies(e -> assertThat(((TokenAcquisitionException) e).code()).isEqualTo("unreachable"));
        }
    }

    @Test
    void anAnswerAboveTheCapIsABadAnswer() throws Exception {
        answer("{\"code\":\"0\",\"msg\":\"" + "x".repeat(4096) + "\",\"data\":{\"access_token\":\"AT\","
                + "\"expires_in\":7200}}");
        try (OmTokenRoute capped = OmTokenRoute.start(server.baseUrl(), "client-42", SECRET, "PT10S", 1024)) {
            assertThatThrownBy(capped.source()::acquire).isInstanceOf(TokenAcquisitionException.class)
                    .satisfies(e -> assertThat(((TokenAcquisitionException) e).code()).isEqualTo("bad_answer"));
        }
    }

    @Test
    void malformedJsonIsAClearError() {
        answer("{\"code\":\"0\",\"data\":{\"access_token\":");
        assertThatThrownBy(source::acquire).isInstanceOf(TokenAcquisitionException.class)
                .hasMessage("OM token endpoint answered malformed JSON");
    }

    @Test
    void nonZeroCodeCarriesOmsMessageWithoutTheSecret() {
        answer("{\"code\":\"40013\",\"msg\":\"invalid client " + SECRET + "\"}");
        assertThatThrownBy(source::acquire).isInstanceOf(TokenAcquisitionException.class)
                .hasMessage("OM token endpoint answered code 40013 (invalid client ****)");
    }

    @Test
    void missingOrBadExpiresInIsRefused() {
        answer("{\"code\":\"0\",\"data\":{\"access_token\":\"AT\"}}");
        assertThatThrownBy(source::acquire).hasMessage("OM token answer has no numeric data.expires_in");
        answer("{\"code\":\"0\",\"data\":{\"access_token\":\"AT\",\"expires_in\":0}}");
        assertThatThrownBy(source::acquire).hasMessage("OM token answer has a non-positive expires_in: 0");
        answer("{\"code\":\"0\",\"data\":{\"expires_in\":7200}}");
        assertThatThrownBy(source::acquire).hasMessage("OM token answer has no data.access_token");
    }

    @Test
    void unreachableServerIsAClearErrorWithoutTheUrl() {
        server.stop();
        assertThatThrownBy(source::acquire).isInstanceOf(TokenAcquisitionException.class)
                .hasMessageStartingWith("token endpoint of om unreachable")
                .message().doesNotContain(SECRET);
    }

    @Test
    void anErrorTextEchoingTheSecretInAnyEncodingIsMaskedAndTheCodeIsStable() {
        String plus = java.net.URLEncoder.encode(SECRET, java.nio.charset.StandardCharsets.UTF_8);
        String pct20 = plus.replace("+", "%20");
        String echo = "bad request client_secret=" + SECRET + " q=" + plus + " p=" + pct20;
        answer("{\"code\":40013,\"msg\":" + new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance()
                .quoteAsString(echo)).transform(q -> "\"" + q + "\"") + "}");
        assertThatThrownBy(source::acquire).isInstanceOf(TokenAcquisitionException.class)
                .satisfies(e -> assertThat(((TokenAcquisitionException) e).code()).isEqualTo("refused:40013"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET).doesNotContain(plus)
                        .doesNotContain(pct20).doesNotContain("s3cr3t"));
    }

    @Test
    void lifetimesThatAreNotAPositiveWholeNumberAreBadAnswers() {
        for (String expiresIn : List.of("0", "-5", "\"soon\"", "9e15", "\"\"")) {
            answer("{\"code\":0,\"data\":{\"access_token\":\"AT\",\"expires_in\":" + expiresIn + "}}");
            assertThatThrownBy(source::acquire).as("expires_in %s", expiresIn)
                    .isInstanceOf(TokenAcquisitionException.class)
                    .satisfies(e -> assertThat(((TokenAcquisitionException) e).code()).isIn("bad_answer",
                            "bad_lifetime"));
        }
    }

    @Test
    void theFingerprintNamesAuthUrlAndClientButNoSecret() {
        OmTokenRequest other = new OmTokenRequest(server.baseUrl() + "/", "client-43", SECRET);
        OmTokenRequest otherUrl = new OmTokenRequest("http://127.0.0.1:9/", "client-42", SECRET);
        OmTokenRequest sameWithSlash = new OmTokenRequest(server.baseUrl() + "/", "client-42", SECRET);
        assertThat(source.fingerprint()).isNotEqualTo(other.fingerprint()).isNotEqualTo(otherUrl.fingerprint())
                .isEqualTo(sameWithSlash.fingerprint())
                .doesNotContain("client-42").doesNotContain(SECRET).hasSize(64);
    }
}
