package io.camelbundle.token;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.jboss.logging.Logger;

import io.camelbundle.support.JsonReplies;

/**
 * The steps of {@code GET /tokens/{credential}} (routes/tokens-api.camel.yaml): the answer for a credential's
 * current token, and the error answers the route's {@code onException} clauses give. The API key is checked
 * before, by the HTTP layer ({@link io.camelbundle.http.IngressPolicy}); a request for a token this instance
 * holds in memory is answered before the route by {@link TokenApiFastPath} (unless {@code tokens.fast-path=false}).
 */
@ApplicationScoped
@Named("tokenHttpApi")
public class TokenHttpApi {

    private static final Logger LOG = Logger.getLogger(TokenHttpApi.class);

    private final TokenControl control;
    private final java.time.Clock clock;
    private final TokenMetrics metrics;

    TokenHttpApi(TokenControl control, java.time.Clock clock, TokenMetrics metrics) {
        this.control = control;
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * The 200 answer for the credential's current token, refreshed first if none is valid.
     *
     * @throws UnknownCredentialException for a credential that is not configured
     * @throws TokenUnavailableException when no valid token can be had
     */
    public Map<String, Object> answer(String credential) {
        if (credential == null || !control.credentials().contains(credential)) {
            throw new UnknownCredentialException(sanitize(credential), List.of());
        }
        Map<String, Object> answer = answer(control.current(credential));
        metrics.served(credential, TokenMetrics.Via.ROUTE);
        return answer;
    }

    /** 404: only that it is unknown; which credentials exist is nobody's business outside the configuration. */
    public void unknownCredential(Exchange exchange) {
        JsonReplies.error(exchange, 404, "unknown_credential",
                "no credential named '" + sanitize(exchange.getMessage().getHeader("credential", String.class)) + "'");
    }

    /** 503 with the stable reason code (never vendor text). */
    public void unavailable(Exchange exchange) {
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        while (caught != null && !(caught instanceof TokenUnavailableException)) {
            caught = caught.getCause();
        }
        if (caught == null) {
            JsonReplies.error(exchange, 503, "token_unavailable", TokenAcquisitionException.INTERNAL_ERROR);
            return;
        }
        TokenUnavailableException e = (TokenUnavailableException) caught;
        LOG.debugf("GET /tokens/%s: %s", sanitize(exchange.getMessage().getHeader("credential", String.class)),
                e.getMessage());
        JsonReplies.error(exchange, 503, "token_unavailable", e.reason());
    }

    /** The 200 answer's body; both the route and {@link TokenApiFastPath} answer with it. */
    Map<String, Object> answer(StoredToken token) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", token.accessToken());
        body.put("expires_at", Instant.ofEpochMilli(token.expiresAt()).toString());
        body.put("expires_in", Math.max(0, (token.expiresAt() - clock.millis()) / 1000));
        return body;
    }

    private static String sanitize(String value) {
        return value == null ? "" : value.replaceAll("[^A-Za-z0-9_.-]", "?");
    }
}
