package io.camelbundle.http;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.camelbundle.support.ApiKeys;
import io.camelbundle.support.JsonReplies;
import io.camelbundle.token.TokenConfig;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The one admission policy of the bundle's HTTP endpoints ({@code bundle.http.endpoints.*}), applied by the HTTP
 * layer before any route, Camel's body handler included, sees the request:
 * <ol>
 * <li>an endpoint that needs a key answers 401 without a valid {@code Authorization: Bearer <tokens.api-keys>},
 * before a byte of the body is read;</li>
 * <li>a declared Content-Length above the endpoint's {@code max-body-size} answers 413 without reading;</li>
 * <li>the body's bytes are reserved from {@code bundle.http.max-buffered-bodies} (503 when that is used up) and
 * given back when the exchange is over, so bodies held at once stay bounded however many callers send;</li>
 * <li>the body is then read here with the endpoint's limit, so an undeclared (chunked) body is cut off with 413
 * too; the route's own body handler sees it read and leaves it.</li>
 * </ol>
 * Refusals are JSON {@code {"error","reason"}} and close the connection when a body may still be arriving. A
 * refused request matches no route, so (with {@code suppress4xx-errors}) it adds no {@code uri} tag to the HTTP
 * metrics. The endpoints have no key check of their own: start-up is refused when one of them is not covered.
 */
@ApplicationScoped
public class IngressPolicy {

    /** Before Quarkus's request-size limit (-2), the tokens fast path (-1) and the routes of platform-http (0..). */
    static final int ROUTE_ORDER = -3;

    private static final Logger LOG = Logger.getLogger(IngressPolicy.class);
    /**
     * The paths of the bundle's endpoints that serve internal servers only; a {@code {name}} is a path parameter,
     * which must be covered whatever its value (this policy is the only key check of these endpoints).
     */
    static final List<String> KEYED_ENDPOINTS = List.of("/tokens/{credential}", "/tze/messages",
            "/tze/bindings/{personId}", "/tze/oauth/links", "/openapi/v3/{group}/{api}", "/openapi/openkey/renew");
    /** Values a path parameter is checked with: a usual one, and one no operator would list. */
    private static final List<String> PARAMETER_PROBES = List.of("om", "unlisted-value");

    private final ApiKeys apiKeys;
    private final BodyBudget budget;
    private final List<Rule> rules;

    @Inject
    IngressPolicy(IngressConfig config, TokenConfig tokens) {
        this(config, new ApiKeys(tokens.apiKeys()));
    }

    IngressPolicy(IngressConfig config, ApiKeys apiKeys) {
        this.apiKeys = apiKeys;
        this.budget = new BodyBudget(config.maxBufferedBodies().asLongValue());
        Map<String, Rule> byPattern = new LinkedHashMap<>();
        config.endpoints().forEach((name, endpoint) -> {
            if (endpoint.maxBodySize().asLongValue() > budget.capacity()) {
                // such a body (and every chunked one, which reserves the maximum) would always be "busy"
                throw new IllegalStateException("bundle.http.endpoints." + name + ".max-body-size ("
                        + endpoint.maxBodySize().asLongValue() + " bytes) exceeds bundle.http.max-buffered-bodies ("
                        + budget.capacity() + " bytes): its requests would always be refused as busy");
            }
            for (String path : endpoint.paths()) {
                byPattern.put(path, new Rule(name, path, endpoint.policy() == IngressConfig.Policy.API_KEY,
                        endpoint.maxBodySize().asLongValue()));
            }
        });
        // the most specific pattern wins when two overlap
        this.rules = byPattern.values().stream()
                .sorted(Comparator.comparingInt((Rule r) -> r.pattern.length()).reversed())
                .toList();
        for (String endpoint : KEYED_ENDPOINTS) {
            for (String probe : PARAMETER_PROBES) {
                String path = endpoint.replaceAll("\\{[^}]+}", probe);
                Rule rule = ruleFor(path);
                if (rule == null || !rule.apiKey) {
                    // a configuration that leaves one of them open, for any value of a parameter, must not start
                    throw new IllegalStateException("bundle.http.endpoints: " + endpoint + " must be covered by an"
                            + " endpoint with policy api-key"
                            + (rule == null ? ", none lists " + path : ", " + rule.name + " has policy permit"));
                }
            }
        }
    }

    void register(@Observes Router router) {
        router.route().order(ROUTE_ORDER).handler(this::admit).failureHandler(this::bodyFailure);
    }

    void admit(RoutingContext ctx) {
        Rule rule = ruleFor(ctx.normalizedPath());
        if (rule == null) {
            ctx.next();
            return;
        }
        HttpServerRequest request = ctx.request();
        if (rule.apiKey && !apiKeys.authorizes(request.getHeader(HttpHeaders.AUTHORIZATION))) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
            refuse(ctx, 401, "unauthorized", "a valid 'Authorization: Bearer <api key>' is required");
            return;
        }
        long declared = contentLength(request);
        if (declared == 0 || (declared < 0 && !mayHaveBody(request))) {
            ctx.next();
            return;
        }
        if (declared > rule.maxBody) {
            refuse(ctx, 413, "too_large", rule.tooLarge());
            return;
        }
        long reserved = declared > 0 ? declared : rule.maxBody;
        if (!budget.tryReserve(reserved)) {
            LOG.debugf("%s: %d body bytes refused, %d of %d free", rule.name, reserved, budget.available(),
                    budget.capacity());
            ctx.response().putHeader(HttpHeaders.RETRY_AFTER, "1");
            refuse(ctx, 503, "busy", "too many request bodies are being received; retry shortly");
            return;
        }
        AtomicBoolean released = new AtomicBoolean();
        ctx.addEndHandler(done -> {
            if (released.compareAndSet(false, true)) {
                budget.release(reserved);
            }
        });
        ctx.put(Rule.class.getName(), rule);
        rule.bodyHandler.handle(ctx);
        request.resume();
    }

    /** The body handler failed the request: 413 above the endpoint's limit, anything else to the next handler. */
    void bodyFailure(RoutingContext ctx) {
        Rule rule = ctx.get(Rule.class.getName());
        if (rule == null) {
            ctx.next();
        } else if (ctx.failure() instanceof HttpClosedException) {
            // the caller went away while sending: nothing to answer, nothing worth an error in the log
            LOG.debugf("%s: the caller closed the connection", rule.name);
        } else if (ctx.statusCode() == 413 && !ctx.response().ended()) {
            refuse(ctx, 413, "too_large", rule.tooLarge());
        } else {
            ctx.next();
        }
    }

    Rule ruleFor(String path) {
        if (path == null) {
            return null;
        }
        for (Rule rule : rules) {
            if (rule.matches(path)) {
                return rule;
            }
        }
        return null;
    }

    private static void refuse(RoutingContext ctx, int status, String error, String reason) {
        HttpServerRequest request = ctx.request();
        boolean bodyPending = !request.isEnded();
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        if (bodyPending && request.version() != HttpVersion.HTTP_2) {
            // Whatever the caller still sends is never read: the connection goes once the answer is out
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
            ctx.response().end(JsonReplies.json(Map.of("error", error, "reason", reason)))
                    .onComplete(sent -> request.connection().close());
        } else {
            ctx.response().end(JsonReplies.json(Map.of("error", error, "reason", reason)));
        }
    }

    private static long contentLength(HttpServerRequest request) {
        String value = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Without Content-Length, HTTP/1.x has a body only when chunked; HTTP/2 may stream one regardless. */
    private static boolean mayHaveBody(HttpServerRequest request) {
        return request.version() == HttpVersion.HTTP_2 ? !request.isEnded()
                : request.headers().contains(HttpHeaders.TRANSFER_ENCODING);
    }

    static final class Rule {
        final String name;
        final String pattern;
        final boolean apiKey;
        final long maxBody;
        final BodyHandler bodyHandler;

        Rule(String name, String pattern, boolean apiKey, long maxBody) {
            this.name = name;
            this.pattern = pattern;
            this.apiKey = apiKey;
            this.maxBody = maxBody;
            this.bodyHandler = BodyHandler.create(false).setBodyLimit(maxBody);
        }

        boolean matches(String path) {
            if (pattern.endsWith("*")) {
                return path.startsWith(pattern.substring(0, pattern.length() - 1));
            }
            return path.equals(pattern) || path.equals(pattern + "/");
        }

        String tooLarge() {
            return "the request body exceeds " + maxBody + " bytes (bundle.http.endpoints." + name + ".max-body-size)";
        }
    }
}
