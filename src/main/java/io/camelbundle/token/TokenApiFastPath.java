package io.camelbundle.token;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.camelbundle.support.JsonReplies;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The hot path of {@code GET /tokens/{credential}}: a caller with a valid key asking for a token this instance
 * holds in memory (read from the shared store less than {@code tokens.cache-ttl} ago, still valid) is answered
 * on the Vert.x event loop, before the route. Camel's platform-http hands every request to a worker thread,
 * which doubled the CPU per request and, with 64 clients on two cores, set the tail latency. Everything else
 * (no or a wrong key, an unknown credential, a token to read from the database or to refresh, 503) goes on to
 * routes/tokens-api.camel.yaml, which answers exactly as before. {@code tokens.fast-path=false} sends every
 * request through the route, e.g. when steps are added to it.
 */
@ApplicationScoped
public class TokenApiFastPath {

    /**
     * Before the routes that Camel's platform-http adds (Vert.x numbers those from 0 in the order they are
     * added) and after Quarkus's request-size limit (-2).
     */
    static final int ROUTE_ORDER = -1;

    private final TokenControl control;
    private final TokenHttpApi api;
    private final TokenMetrics metrics;
    private final boolean enabled;

    TokenApiFastPath(TokenControl control, TokenHttpApi api, TokenMetrics metrics, TokenConfig config) {
        this.control = control;
        this.api = api;
        this.metrics = metrics;
        this.enabled = config.fastPath();
    }

    void register(@Observes Router router) {
        if (enabled) {
            router.route(HttpMethod.GET, "/tokens/:credential").order(ROUTE_ORDER).handler(this::answerFromMemory);
        }
    }

    void answerFromMemory(RoutingContext ctx) {
        String credential = ctx.pathParam("credential");
        StoredToken token;
        if (!api.authorizes(ctx.request().getHeader(HttpHeaders.AUTHORIZATION))
                || (token = control.cachedValid(credential)) == null) {
            ctx.next();
            return;
        }
        metrics.served(credential, TokenMetrics.Via.EVENT_LOOP);
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(JsonReplies.json(api.answer(token)));
    }
}
