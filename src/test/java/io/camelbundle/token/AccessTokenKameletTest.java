package io.camelbundle.token;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** The reusable endpoint routes use to obtain a token: kamelet access-token-action. */
@QuarkusTest
class AccessTokenKameletTest {

    @Inject
    ProducerTemplate producer;

    @Inject
    TokenControl control;

    @org.junit.jupiter.api.BeforeEach
    void validToken() {
        TokenTestState.awaitValidToken(control);
    }

    @Test
    void putsTheCurrentTokenIntoTheDefaultHeader() {
        var exchange = producer.request("direct:kamelet-token-default", e -> e.getMessage().setBody("event"));
        assertThat(exchange.getException()).isNull();
        assertThat(exchange.getMessage().getHeader("access_token", String.class)).isEqualTo(control.accessToken("om"));
        assertThat(exchange.getMessage().getBody(String.class)).isEqualTo("event");
    }

    @Test
    void headerNameIsConfigurable() {
        var exchange = producer.request("direct:kamelet-token-custom", e -> e.getMessage().setBody("event"));
        assertThat(exchange.getMessage().getHeader("X-Om-Token", String.class)).isEqualTo(control.accessToken("om"));
    }

    @Test
    void unknownCredentialFailsTheExchangeClearly() {
        var exchange = producer.request("direct:kamelet-token-unknown", e -> e.getMessage().setBody("event"));
        Throwable cause = exchange.getException();
        while (cause != null && !(cause instanceof UnknownCredentialException)) {
            cause = cause.getCause();
        }
        assertThat(cause).as("cause chain of %s", exchange.getException()).isNotNull()
                .hasMessageContaining("Unknown credential 'nope'");
    }
}
