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
import io.camelbundle.token.TokenAcquisitionException;

/** The OM token request on the wire, and how every kind of answer is read. */
class OmTokenSourceTest {

    private static final String SECRET = "s3cr3t/with+special&chars";

    private WireMockServer server;
    private OmTokenSource source;

    @BeforeEach
    void start() {
        server = new WireMockServer(options().dynamicPort());
        server.start();
        // a generous timeout: a cold JVM on a busy 2-core machine can take a second for the first request
        source = new OmTokenSource(server.baseUrl() + "/", "client-42", SECRET, Duration.ofSeconds(5),
                Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
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
                .hasMessage("OM token endpoint answered HTTP 500");
    }

    @Test
    void timeoutIsAClearError() {
        server.stubFor(post(urlPathEqualTo("/omoauth2/accesstoken"))
                .willReturn(okJson("{\"code\":\"0\"}").withFixedDelay(3000)));
        OmTokenSource source = new OmTokenSource(server.baseUrl(), "client-42", SECRET, Duration.ofSeconds(5),
                Duration.ofMillis(800));
        assertThatThrownBy(source::acquire).isInstanceOf(TokenAcquisitionException.class)
                .hasMessageStartingWith("OM token endpoint did not answer within PT0.8S");
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
                .hasMessageStartingWith("OM token endpoint unreachable")
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
        OmTokenSource other = new OmTokenSource(server.baseUrl() + "/", "client-43", SECRET, Duration.ofSeconds(5),
                Duration.ofSeconds(10));
        OmTokenSource otherUrl = new OmTokenSource("http://127.0.0.1:9/", "client-42", SECRET, Duration.ofSeconds(5),
                Duration.ofSeconds(10));
        assertThat(source.fingerprint()).isNotEqualTo(other.fingerprint()).isNotEqualTo(otherUrl.fingerprint())
                .doesNotContain("client-42").doesNotContain(SECRET).hasSize(64);
    }
}
