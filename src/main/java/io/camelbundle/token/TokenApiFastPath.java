package io.camelbundle.token;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.camelbundle.support.JsonReplies;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The hot path of {@code GET /tokens/{credential}}, the one inbound request not answered by a route: a
 * caller asking for a token this instance holds in memory (read from the shared store less than
 * {@code tokens.cache-ttl} ago, still valid) is answered on the Vert.x event loop, before the route. The key
 * was checked by {@link io.camelbundle.http.IngressPolicy}, which runs first. Camel's platform-http hands
 * every request to a worker thread, which doubled the CPU per request and, with 64 clients on two cores, set
 * the tail latency. Everything else (an unknown credential, a token to read from the database or to refresh,
 * 503) goes on to the REST endpoint of routes/tokens-api.camel.yaml, which answers alike. {@code tokens.fast-path=false} sends every
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
        // the key was checked by IngressPolicy, which runs first (ROUTE_ORDER -3)
        if ((token = control.cachedValid(credential)) == null) {
            ctx.next();
            return;
        }
        metrics.served(credential, TokenMetrics.Via.EVENT_LOOP);
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end(JsonReplies.json(api.answer(token)));
    }
}
