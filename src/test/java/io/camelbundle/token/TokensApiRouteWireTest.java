package io.camelbundle.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.camelbundle.support.InternalErrorReply;
import io.camelbundle.support.RouteFileContexts;

/** routes/tokens-api.camel.yaml without Quarkus: what its error clauses answer. */
class TokensApiRouteWireTest {

    private DefaultCamelContext camel;
    private RuntimeException failure;

    /** Stands in for TokenHttpApi: fails as told, or answers; the error clauses' beans answer as the real ones. */
    public class Api {
        public Map<String, Object> answer(String credential) {
            if (failure != null) {
                throw failure;
            }
            return Map.of("access_token", "t");
        }

        public void unknownCredential(Exchange exchange) {
            exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 404);
        }

        public void unavailable(Exchange exchange) {
            exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 503);
        }
    }

    @BeforeEach
    void start() throws Exception {
        camel = RouteFileContexts.create(Map.of());
        camel.getRegistry().bind("tokenHttpApi", new Api());
        camel.getRegistry().bind("internalErrorReply", new InternalErrorReply());
        RouteFileContexts.loadWithoutRest(camel, "routes/tokens-api.camel.yaml");
        camel.start();
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    private Exchange get() {
        ProducerTemplate template = camel.createProducerTemplate();
        return template.request("direct:tokens-get", e -> e.getMessage().setHeader("credential", "om"));
    }

    @Test
    void anUnexpectedFailureIsAJson500ThatNamesNothingOfTheCause() {
        failure = new IllegalStateException("table TOKEN_STATE is gone, secret s3cr3t");
        Exchange answer = get();
        assertThat(answer.getException()).isNull();
        assertThat(answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(500);
        assertThat(answer.getMessage().getHeader(Exchange.CONTENT_TYPE)).isEqualTo("application/json");
        assertThat(answer.getMessage().getBody(String.class)).contains("\"error\":\"internal_error\"")
                .doesNotContain("TOKEN_STATE").doesNotContain("s3cr3t").doesNotContain("Exception");
    }

    @Test
    void theTypedFailuresKeepTheirOwnAnswers() {
        failure = new UnknownCredentialException("x", List.of());
        assertThat(get().getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(404);
        failure = new TokenUnavailableException("om", "internal_error");
        assertThat(get().getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(503);
    }

    @Test
    void aTokenIsAnsweredAsJson() {
        assertThat(get().getMessage().getBody(String.class)).isEqualTo("{\"access_token\":\"t\"}");
    }
}
