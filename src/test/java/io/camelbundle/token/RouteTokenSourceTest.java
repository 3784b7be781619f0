package io.camelbundle.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.camelbundle.support.http.AnswerTooLargeException;
import io.camelbundle.support.http.CallTimeoutException;

/** What a token route's outcome becomes for the central control. */
class RouteTokenSourceTest {

    private CamelContext camel;

    @BeforeEach
    void start() throws Exception {
        camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:issued").setBody(e -> new IssuedToken("tok-1", Duration.ofSeconds(7200)));
                from("direct:oauth-map").setBody(e -> Map.of("access_token", "tok-2", "expires_in", "3600"));
                from("direct:oauth-json").setBody(constant("{\"access_token\":\"tok-3\",\"expires_in\":60}"));
                from("direct:no-token").setBody(constant("{\"expires_in\":60}"));
                from("direct:expires-at").setBody(e -> Map.of("access_token", "tok-4", "expires_at",
                        System.currentTimeMillis() + 3_600_000));
                from("direct:zero-lifetime").setBody(constant("{\"access_token\":\"t\",\"expires_in\":0}"));
                from("direct:not-json").setBody(constant("<html>"));
                from("direct:oauth-error").setBody(constant("{\"error\":\"40013 <b>\"}"));
                from("direct:http-502").setHeader(Exchange.HTTP_RESPONSE_CODE, constant(502))
                        .setBody(constant("{\"access_token\":\"t\",\"expires_in\":60}"));
                from("direct:refused").process(e -> {
                    throw new TokenAcquisitionException(TokenAcquisitionException.refused(40003), "invalid client");
                });
                from("direct:timeout").process(e -> {
                    throw new CallTimeoutException("partner", 3000);
                });
                from("direct:too-large").process(e -> {
                    throw new AnswerTooLargeException("partner", 1024);
                });
                from("direct:bug").process(e -> {
                    throw new IllegalStateException("boom");
                });
                from("direct:token-fetch-partner").setBody(simple("{\"access_token\":\"for-${header.credential}\","
                        + "\"expires_in\":90}"));
            }
        });
        camel.start();
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    private RouteTokenSource source(String uri) {
        return new RouteTokenSource("partner", null, "fp", true, uri, camel);
    }

    @Test
    void theRoutesResultIsTheToken() throws Exception {
        assertThat(source("direct:issued").acquire()).isEqualTo(new IssuedToken("tok-1", Duration.ofSeconds(7200)));
        assertThat(source("direct:oauth-map").acquire()).isEqualTo(new IssuedToken("tok-2", Duration.ofSeconds(3600)));
        assertThat(source("direct:oauth-json").acquire()).isEqualTo(new IssuedToken("tok-3", Duration.ofSeconds(60)));
    }

    @Test
    void anExpiryInEpochMillisecondsIsTheLifetimeLeft() throws Exception {
        long before = System.currentTimeMillis();
        IssuedToken token = source("direct:expires-at").acquire();
        long after = System.currentTimeMillis();
        assertThat(token.accessToken()).isEqualTo("tok-4");
        // the route set expires_at between before and after, one hour ahead; acquire() subtracted its own now
        assertThat(token.lifetime().toMillis()).isBetween(3_600_000 - (after - before), 3_600_000 + (after - before));
    }

    @Test
    void theDefaultRouteIsNamedAfterTheCredentialWhichItReceives() throws Exception {
        assertThat(RouteTokenSource.defaultFetchUri("partner")).isEqualTo("direct:token-fetch-partner");
        assertThat(source(RouteTokenSource.defaultFetchUri("partner")).acquire().accessToken())
                .isEqualTo("for-partner");
    }

    @Test
    void failuresBecomeStableReasonCodes() {
        assertThat(code("direct:no-token")).isEqualTo("bad_answer");
        assertThat(code("direct:not-json")).isEqualTo("bad_answer");
        assertThat(code("direct:zero-lifetime")).isEqualTo("bad_lifetime");
        assertThat(code("direct:http-502")).isEqualTo("http_502");
        assertThat(code("direct:refused")).isEqualTo("refused:40003");
        assertThat(code("direct:oauth-error")).as("OAuth error answer, made safe for public pages")
                .isEqualTo("refused:40013??b?");
        assertThat(code("direct:timeout")).isEqualTo("unreachable");
        assertThat(code("direct:too-large")).isEqualTo("bad_answer");
        assertThat(code("direct:bug")).isEqualTo("internal_error");
    }

    private String code(String uri) {
        try {
            source(uri).acquire();
        } catch (TokenAcquisitionException e) {
            return e.code();
        }
        throw new AssertionError(uri + " gave a token");
    }

    @Test
    void aCredentialOfNoVendorIsAlwaysOn() {
        assertThat(source("direct:issued").vendor()).isNull();
        assertThatThrownBy(() -> new IssuedToken(" ", Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
