package io.camelbundle.tze;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.camelbundle.token.IssuedToken;
import io.camelbundle.token.TokenAcquisitionException;

/** The TZE platform accessToken source: static secret (default) or a configurable token endpoint. */
class TzeTokenSourceTest {

    private WireMockServer server;

    @BeforeEach
    void start() {
        server = new WireMockServer(options().dynamicPort());
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private TzeTokenSource endpoint(String method, String expiryUnit) {
        return new TzeTokenSource(TzeTokenSource.Mode.ENDPOINT, Optional.empty(), Duration.ofDays(1),
                new TzeTokenSource.Endpoint(server.baseUrl() + "/token", method,
                        Map.of("appId", "app-1", "appSecret", "s3cret-value"), "data.accessToken", "data.expiresIn",
                        expiryUnit, Duration.ofHours(2)),
                Duration.ofSeconds(1), Duration.ofSeconds(2), Clock.systemUTC());
    }

    @Test
    void staticTokenIsTheConfiguredSecretWithALongLifetime() throws Exception {
        TzeTokenSource source = new TzeTokenSource(TzeTokenSource.Mode.STATIC, Optional.of("static-tze"),
                Duration.ofDays(1), null, Duration.ofSeconds(1), Duration.ofSeconds(1), Clock.systemUTC());
        assertThat(source.credential()).isEqualTo("tze");
        assertThat(source.configured()).isTrue();
        IssuedToken token = source.acquire();
        assertThat(token.accessToken()).isEqualTo("static-tze");
        assertThat(token.lifetime()).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void staticModeWithoutATokenIsNotConfigured() {
        TzeTokenSource source = new TzeTokenSource(TzeTokenSource.Mode.STATIC, Optional.of(" "), Duration.ofDays(1),
                null, Duration.ofSeconds(1), Duration.ofSeconds(1), Clock.systemUTC());
        assertThat(source.configured()).isFalse();
        assertThatThrownBy(source::acquire).isInstanceOf(TokenAcquisitionException.class)
                .hasMessage("tze.access-token is not configured");
    }

    @Test
    void endpointGetSendsTheParametersAndReadsTokenAndLifetimeAtTheirPaths() throws Exception {
        server.stubFor(get(urlPathEqualTo("/token")).willReturn(okJson(
                "{\"retCode\":\"000000\",\"data\":{\"accessToken\":\"from-endpoint\",\"expiresIn\":\"7200\"}}")));
        IssuedToken token = endpoint("GET", "seconds").acquire();
        assertThat(token.accessToken()).isEqualTo("from-endpoint");
        assertThat(token.lifetime()).isEqualTo(Duration.ofSeconds(7200));
        server.verify(getRequestedFor(urlPathEqualTo("/token")).withQueryParam("appId", equalTo("app-1"))
                .withQueryParam("appSecret", equalTo("s3cret-value")));
    }

    @Test
    void endpointPostSendsAFormAndReadsAnEpochMillisecondExpiry() throws Exception {
        long expiry = System.currentTimeMillis() + 3_600_000;
        server.stubFor(post(urlPathEqualTo("/token")).willReturn(okJson(
                "{\"data\":{\"accessToken\":\"posted\",\"expiresIn\":" + expiry + "}}")));
        IssuedToken token = endpoint("POST", "epoch-ms").acquire();
        assertThat(token.accessToken()).isEqualTo("posted");
        assertThat(token.lifetime()).isBetween(Duration.ofMinutes(59), Duration.ofMinutes(60));
        server.verify(postRequestedFor(urlPathEqualTo("/token"))
                .withRequestBody(equalTo("appId=app-1&appSecret=s3cret-value")));
    }

    @Test
    void aMissingTokenIsAFailureThatNeverQuotesTheSecret() {
        server.stubFor(get(urlPathEqualTo("/token")).willReturn(okJson(
                "{\"retCode\":\"1\",\"retDesc\":\"bad secret s3cret-value\"}")));
        assertThatThrownBy(() -> endpoint("GET", "seconds").acquire()).isInstanceOf(TokenAcquisitionException.class)
                .hasMessageContaining("no data.accessToken").hasMessageNotContaining("s3cret-value");
    }

    @Test
    void http5xxAndNoExpiryAreHandled() throws Exception {
        server.stubFor(get(urlPathEqualTo("/token")).willReturn(aResponse().withStatus(503)));
        assertThatThrownBy(() -> endpoint("GET", "seconds").acquire()).hasMessageContaining("HTTP 503");
        server.resetAll();
        server.stubFor(get(urlPathEqualTo("/token")).willReturn(okJson("{\"data\":{\"accessToken\":\"t\"}}")));
        assertThat(endpoint("GET", "seconds").acquire().lifetime()).isEqualTo(Duration.ofHours(2));
    }
}
