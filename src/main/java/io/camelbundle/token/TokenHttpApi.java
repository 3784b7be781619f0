package io.camelbundle.token;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.jboss.logging.Logger;

import io.camelbundle.support.ApiKeys;
import io.camelbundle.support.JsonReplies;

/**
 * {@code GET /tokens/{credential}}: hands the current token to internal servers, which must never refresh
 * on their own. Wired by {@code routes/tokens-api.camel.yaml}; a request for a token this instance holds in
 * memory is answered before the route by {@link TokenApiFastPath} (unless {@code tokens.fast-path=false}).
 */
@ApplicationScoped
@Named("tokenHttpApi")
public class TokenHttpApi {

    private static final Logger LOG = Logger.getLogger(TokenHttpApi.class);

    private final TokenControl control;
    private final ApiKeys apiKeys;
    private final java.time.Clock clock;
    private final TokenMetrics metrics;

    TokenHttpApi(TokenControl control, TokenConfig config, java.time.Clock clock, TokenMetrics metrics) {
        this.control = control;
        this.apiKeys = new ApiKeys(config.apiKeys());
        this.clock = clock;
        this.metrics = metrics;
    }

    public void serve(Exchange exchange) {
        String credential = exchange.getMessage().getHeader("credential", String.class);
        if (!apiKeys.authorizes(exchange.getMessage().getHeader("Authorization", String.class))) {
            JsonReplies.error(exchange, 401, "unauthorized", "a valid 'Authorization: Bearer <api key>' is required");
            exchange.getMessage().setHeader("WWW-Authenticate", "Bearer");
            return;
        }
        if (credential == null || !control.credentials().contains(credential)) {
            // Only that it is unknown: which credentials exist is nobody's business outside the configuration
            JsonReplies.error(exchange, 404, "unknown_credential", "no credential named '" + sanitize(credential) + "'");
            return;
        }
        try {
            StoredToken token = control.current(credential);
            JsonReplies.reply(exchange, 200, answer(token));
            metrics.served(credential, TokenMetrics.Via.ROUTE);
        } catch (TokenUnavailableException e) {
            LOG.debugf("GET /tokens/%s: %s", credential, e.getMessage());
            JsonReplies.error(exchange, 503, "token_unavailable", e.reason());
        }
    }

    /** True if the {@code Authorization} header carries one of {@code tokens.api-keys}. */
    boolean authorizes(String authorizationHeader) {
        return apiKeys.authorizes(authorizationHeader);
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
