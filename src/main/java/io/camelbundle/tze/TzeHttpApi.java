package io.camelbundle.tze;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.jboss.logging.Logger;

import io.camelbundle.support.ApiKeys;
import io.camelbundle.support.JsonReplies;
import io.camelbundle.token.TokenConfig;

/**
 * The TZE HTTP endpoints, wired by routes/tze-oauth.camel.yaml and routes/tze-messages.camel.yaml:
 * the browser-facing OAuth callback (HTML), and for internal servers (Authorization: Bearer
 * &lt;tokens.api-keys&gt;) the binding status and unbinding, and the send endpoint's replies.
 */
@ApplicationScoped
@Named("tzeHttpApi")
public class TzeHttpApi {

    private static final Logger LOG = Logger.getLogger(TzeHttpApi.class);

    /** Thrown by {@link #authorize} so the route's doCatch answers 401. */
    public static class UnauthorizedException extends RuntimeException {
        public UnauthorizedException() {
            super("a valid 'Authorization: Bearer <api key>' is required");
        }
    }

    private final TzeOauthClient oauth;
    private final TzeBindingStore bindings;
    private final ApiKeys apiKeys;
    private final Clock clock;

    TzeHttpApi(TzeOauthClient oauth, TzeBindingStore bindings, TokenConfig tokens, Clock clock) {
        this.oauth = oauth;
        this.bindings = bindings;
        this.apiKeys = new ApiKeys(tokens.apiKeys());
        this.clock = clock;
    }

    // --- GET /tze/oauth/callback?personId=..&oauthCode=.. ------------------------------------------------

    /** Exchanges the code and stores the binding; a failed exchange changes nothing. Answers HTML. */
    public void callback(Exchange exchange) {
        Message in = exchange.getMessage();
        String personId = in.getHeader("personId", String.class);
        String code = in.getHeader("oauthCode", String.class);
        if (personId == null || personId.isBlank() || code == null || code.isBlank()) {
            html(exchange, 400, "TZE binding failed", "The login redirect lacks "
                    + (personId == null || personId.isBlank() ? "personId" : "oauthCode") + ". Please log in again.");
            return;
        }
        if (personId.length() > TzeBindingStore.MAX_PERSON_ID) {
            html(exchange, 400, "TZE binding failed", "personId is too long.");
            return;
        }
        TzeOauthToken token;
        try {
            token = oauth.exchange(code);
        } catch (TzeOauthException e) {
            LOG.infof("TZE OAuth callback for person %s: exchange failed: %s", personId, e.getMessage());
            String why = e.retDesc() != null ? e.retDesc()
                    : e.transientFailure() ? "TZE did not answer; please try again later." : e.getMessage();
            html(exchange, e.kind() == TzeOauthException.Kind.REFUSED ? 400 : 502, "TZE binding failed",
                    "TZE did not accept the login: " + why);
            return;
        }
        bindings.bind(personId, token.oauthToken(), token.expiry());
        LOG.infof("TZE person %s bound until %s", personId, Instant.ofEpochMilli(token.expiry()));
        html(exchange, 200, "TZE account bound", "Person " + personId + " is bound until "
                + Instant.ofEpochMilli(token.expiry()) + ". You can close this page.");
    }

    // --- GET|DELETE /tze/bindings/{personId} -------------------------------------------------------------

    /** GET: whether bound and until when (never the token); DELETE: unbind. */
    public void binding(Exchange exchange) {
        Message in = exchange.getMessage();
        if (!apiKeys.authorizes(in.getHeader("Authorization", String.class))) {
            unauthorized(exchange);
            return;
        }
        String personId = in.getHeader("personId", String.class);
        String method = in.getHeader(Exchange.HTTP_METHOD, String.class);
        if ("DELETE".equalsIgnoreCase(method)) {
            boolean removed = bindings.unbind(personId);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("personId", personId);
            body.put("unbound", removed);
            JsonReplies.reply(exchange, removed ? 200 : 404, body);
            return;
        }
        long now = clock.millis();
        Optional<TzeBinding> row = bindings.read(personId);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("personId", personId);
        if (row.isEmpty()) {
            body.put("bound", false);
            body.put("state", "unbound");
            JsonReplies.reply(exchange, 404, body);
            return;
        }
        TzeBinding b = row.get();
        body.put("bound", b.usable(now));
        body.put("state", b.invalidAt() != 0 ? "invalid" : b.usable(now) ? "bound" : "expired");
        body.put("expiresAt", Instant.ofEpochMilli(b.expiresAt()).toString());
        body.put("boundAt", Instant.ofEpochMilli(b.createdAt()).toString());
        body.put("lastUsedAt", b.lastUsedAt() == 0 ? null : Instant.ofEpochMilli(b.lastUsedAt()).toString());
        if (b.invalidAt() != 0) {
            body.put("invalidReason", b.invalidReason());
        }
        JsonReplies.reply(exchange, 200, body);
    }

    // --- POST /tze/messages --------------------------------------------------------------------------------

    /** First step of POST /tze/messages: 401 (via the route's doCatch) without a valid key. */
    public void authorize(Exchange exchange) {
        if (!apiKeys.authorizes(exchange.getMessage().getHeader("Authorization", String.class))) {
            throw new UnauthorizedException();
        }
    }

    /** The results of direct:tze-send as the reply: 200 with one result per person. */
    public void replyResults(Exchange exchange) {
        String body = exchange.getMessage().getBody(String.class);
        Message out = exchange.getMessage();
        out.getHeaders().clear();
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        out.setBody(body);
    }

    /** The route's doCatch: 401, 400 with every problem, or 500. */
    public void replyError(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (e instanceof UnauthorizedException) {
            unauthorized(exchange);
        } else if (e instanceof InvalidTzeRequestException invalid) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", "invalid_request");
            body.put("problems", invalid.problems());
            JsonReplies.reply(exchange, 400, body);
        } else {
            LOG.errorf(e, "POST /tze/messages failed");
            JsonReplies.error(exchange, 500, "internal_error", e == null ? "unknown" : e.getClass().getSimpleName());
        }
    }

    private static void unauthorized(Exchange exchange) {
        JsonReplies.error(exchange, 401, "unauthorized", "a valid 'Authorization: Bearer <api key>' is required");
        exchange.getMessage().setHeader("WWW-Authenticate", "Bearer");
    }

    private static void html(Exchange exchange, int status, String title, String text) {
        Message out = exchange.getMessage();
        out.getHeaders().clear();
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        out.setHeader(Exchange.CONTENT_TYPE, "text/html; charset=UTF-8");
        out.setBody("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
                + "</title></head>\n<body><h1>" + escape(title) + "</h1>\n<p>" + escape(text) + "</p></body></html>\n");
    }

    /** HTML-escapes text (retDesc comes from TZE, personId from the browser). */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
