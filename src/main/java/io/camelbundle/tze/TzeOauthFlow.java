package io.camelbundle.tze;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.camelbundle.support.JsonReplies;
import io.camelbundle.support.LogBudget;
import io.camelbundle.support.LogSafe;
import io.camelbundle.support.Secrets;
import io.camelbundle.support.StrictJson;
import io.camelbundle.support.VendorCode;

/**
 * The TZE OAuth binding's steps, wired by the REST DSL of routes/tze-oauth.camel.yaml: for internal servers the
 * login links (JSON), for the browser the callback (admit, then the exchange route, then bind; its failures are
 * HTML pages without vendor text). The API key of internal servers is checked before any of this by the HTTP
 * layer's one key policy (IngressPolicy, bundle.http.endpoints.*); the callback is public and trusts only its
 * single-use state.
 */
@ApplicationScoped
@Named("tzeOauthFlow")
public class TzeOauthFlow {

    private static final Logger LOG = Logger.getLogger(TzeOauthFlow.class);

    /** A link request is {"personId": ".."}: a personId of at most 200 characters, with room to spare. */
    static final int MAX_LINK_REQUEST = 4096;

    /**
     * Refused callbacks logged per minute: enough to answer "why could this person not log in", while a flood
     * of forged callbacks costs a few lines a minute.
     */
    static final int REFUSALS_LOGGED_PER_MINUTE = 20;

    private final TzeBindingStore bindings;
    private final TzeOauthStates states;
    private final TzeConfig.Oauth config;
    private final TzeMetrics metrics;
    private final LogBudget refusalLog;

    @Inject
    TzeOauthFlow(TzeBindingStore bindings, TzeOauthStates states, TzeConfig tze, TzeMetrics metrics, Clock clock) {
        this(bindings, states, tze.oauth(), metrics, new LogBudget(REFUSALS_LOGGED_PER_MINUTE, Duration.ofMinutes(1),
                clock));
    }

    TzeOauthFlow(TzeBindingStore bindings, TzeOauthStates states, TzeConfig.Oauth config, TzeMetrics metrics,
            LogBudget refusalLog) {
        this.bindings = bindings;
        this.states = states;
        this.config = config;
        this.metrics = metrics;
        this.refusalLog = refusalLog;
    }

    // --- POST /tze/oauth/links {"personId": ".."} ------------------------------------------------------

    /**
     * For internal servers: a TZE login link for one person, whose redirect_uri carries a fresh single-use
     * state bound to that person. The browser that opens it ends at the callback, which binds only that person.
     */
    public void loginLink(Exchange exchange) {
        Message in = exchange.getMessage();
        if (config.loginUrl().isEmpty() || config.redirectUrl().isEmpty()) {
            JsonReplies.error(exchange, 503, "not_configured", (config.loginUrl().isEmpty() ? "tze.oauth.login-url"
                    : "tze.oauth.redirect-url") + " is not configured");
            return;
        }
        String body = in.getBody(String.class);
        if (body != null && body.length() > MAX_LINK_REQUEST) {
            JsonReplies.error(exchange, 413, "too_large",
                    "the request body is larger than " + MAX_LINK_REQUEST + " bytes");
            return;
        }
        String personId;
        try {
            JsonNode request = StrictJson.MAPPER.readTree(body == null ? "" : body);
            JsonNode field = request == null ? null : request.get("personId");
            if (request == null || !request.isObject()) {
                throw new IllegalArgumentException("the body must be a JSON object {\"personId\": \"..\"}");
            }
            if (field == null || !field.isTextual() || field.asText().isBlank()) {
                throw new IllegalArgumentException("personId: required, a non-blank string");
            }
            personId = field.asText();
            String problem = TzeBindingStore.personIdProblem(personId);
            if (problem != null) {
                throw new IllegalArgumentException("personId: " + problem);
            }
        } catch (IllegalArgumentException | JsonProcessingException e) {
            JsonReplies.error(exchange, 400, "invalid_request", e instanceof JsonProcessingException json
                    ? "the body is not valid JSON: " + LogSafe.escape(json.getOriginalMessage())
                    : e.getMessage());
            return;
        }
        TzeOauthStates.Issued issued = states.issue(personId);
        String redirect = withQuery(config.redirectUrl().get(), "state=" + encode(issued.state()));
        String url = withQuery(config.loginUrl().get(),
                "personId=" + encode(personId) + "&redirect_uri=" + encode(redirect));
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("personId", personId);
        reply.put("url", url);
        reply.put("expiresAt", Instant.ofEpochMilli(issued.expiresAt()).toString());
        JsonReplies.reply(exchange, 200, reply);
    }

    // --- GET /tze/oauth/callback?personId=..&oauthCode=..&state=.. -------------------------------------------

    /** Exchange property: the person the callback binds. */
    static final String PERSON = "TzeOauthPerson";

    /**
     * Step 1 of the callback: personId, oauthCode and the single-use state bound to that person. A missing
     * parameter, a personId too long, a missing, unknown, expired, reused or mismatched state is refused with
     * a {@link TzeOauthRefusal} (a 400 page) before anything is exchanged. The body becomes the code.
     */
    public void admit(Exchange exchange) {
        Message in = exchange.getMessage();
        String personId = in.getHeader("personId", String.class);
        String code = in.getHeader("oauthCode", String.class);
        if (personId == null || personId.isBlank() || code == null || code.isBlank()) {
            String missing = personId == null || personId.isBlank() ? "personId" : "oauthCode";
            throw new TzeOauthRefusal("The login redirect lacks " + missing + ". Please log in again.",
                    missing + " missing");
        }
        if (personId.length() > TzeBindingStore.MAX_PERSON_ID) {
            throw new TzeOauthRefusal("personId is too long.", "personId longer than " + TzeBindingStore.MAX_PERSON_ID
                    + " characters");
        }
        exchange.setProperty(PERSON, personId);
        String problem = TzeBindingStore.personIdProblem(personId);
        if (problem != null) {
            throw new TzeOauthRefusal("personId is not valid.", "personId " + problem);
        }
        TzeOauthStates.Check state = states.consume(in.getHeader("state", String.class), personId);
        if (state != TzeOauthStates.Check.ACCEPTED) {
            throw new TzeOauthRefusal(switch (state) {
                case MISSING -> "The login redirect lacks its state. Please use a new login link.";
                case EXPIRED -> "The login link has expired. Please ask for a new one.";
                default -> "The login link is not valid for this person or was already used. Please ask for a new one.";
            }, "state " + state.name().toLowerCase(Locale.ROOT));
        }
        in.setBody(code);
    }

    /** Last step of the callback: the person bound with the oauthToken (the body), and the page that says so. */
    public void bind(Exchange exchange) throws InvalidPayloadException {
        String personId = exchange.getProperty(PERSON, String.class);
        TzeOauthToken token = exchange.getMessage().getMandatoryBody(TzeOauthToken.class);
        bindings.bind(personId, token.oauthToken(), token.expiry());
        metrics.callback("bound");
        LOG.infof("TZE person %s bound until %s", LogSafe.escape(personId), Instant.ofEpochMilli(token.expiry()));
        html(exchange, 200, "TZE account bound", "Person " + personId + " is bound until "
                + Instant.ofEpochMilli(token.expiry()) + ". You can close this page.");
    }

    /**
     * The callback refused before anything was exchanged: a 400 page. Anyone can call the public callback, so
     * these are counted (bundle_tze_oauth_callbacks_total{outcome="refused"}) but logged within a budget.
     */
    public void refused(Exchange exchange) {
        TzeOauthRefusal refusal = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, TzeOauthRefusal.class);
        metrics.callback("refused");
        long leftOut = refusalLog.take();
        if (leftOut >= 0) {
            String personId = exchange.getProperty(PERSON, String.class);
            LOG.warnf("TZE OAuth callback%s refused: %s%s", personId == null ? "" : " for person "
                    + LogSafe.escape(personId), LogSafe.escape(refusal.reason()), leftOut == 0 ? ""
                            : " (" + leftOut + " more refused callbacks were not logged before this one)");
        }
        html(exchange, 400, "TZE binding failed", refusal.getMessage());
    }

    /**
     * The exchange failed: a page with a reason code, never TZE's text (400 when TZE did not accept the login,
     * else 502). The binding stays as it was.
     */
    public void exchangeFailed(Exchange exchange) {
        TzeOauthException e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, TzeOauthException.class);
        String personId = exchange.getProperty(PERSON, String.class);
        String reason = reason(e);
        metrics.callback("exchange_failed");
        LOG.infof("TZE OAuth callback for person %s: exchange failed (%s): %s", LogSafe.escape(personId), reason,
                LogSafe.escape(e.getMessage()));
        String text = switch (e.kind()) {
            case REFUSED -> "TZE did not accept the login (" + reason + "). Please log in again.";
            case ACCESS_TOKEN_REFUSED, NOT_CONFIGURED -> "TZE refused this system's platform accessToken (" + reason
                    + "). Please tell the operator.";
            default -> "TZE did not answer as expected (" + reason + "). Please try again later.";
        };
        html(exchange, e.kind() == TzeOauthException.Kind.REFUSED ? 400 : 502, "TZE binding failed", text);
    }

    /** Anything else failed (the database, a bug): a 500 page that says nothing of the cause. */
    public void internalError(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String personId = exchange.getProperty(PERSON, String.class);
        metrics.callback("error");
        LOG.errorf("TZE OAuth callback for person %s failed: %s: %s", LogSafe.escape(personId),
                e == null ? "unknown" : e.getClass().getName(),
                e == null ? "" : LogSafe.escape(Secrets.mask(e.getMessage())));
        html(exchange, 500, "TZE binding failed",
                "Something went wrong on this system's side. Please try again later, or tell the operator.");
    }

    /** A stable reason code for a failed exchange: what a public page may say instead of TZE's text. */
    static String reason(TzeOauthException e) {
        return switch (e.kind()) {
            case REFUSED, ACCESS_TOKEN_REFUSED -> VendorCode.refused(e.retCode() == null ? "unknown" : e.retCode());
            case HTTP_STATUS -> "http_" + e.httpStatus();
            case TIMEOUT, UNREACHABLE -> "unreachable";
            case MALFORMED -> "bad_answer";
            case NOT_CONFIGURED -> "not_configured";
        };
    }

    private static String withQuery(String url, String query) {
        return url + (url.contains("?") ? "&" : "?") + query;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void html(Exchange exchange, int status, String title, String text) {
        Message out = exchange.getMessage();
        out.getHeaders().clear();
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        out.setHeader(Exchange.CONTENT_TYPE, "text/html; charset=UTF-8");
        // a public page: not kept by caches (its URL held a one-time state), not sniffed, nothing but itself
        out.setHeader("Cache-Control", "no-store");
        out.setHeader("X-Content-Type-Options", "nosniff");
        out.setHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
        out.setHeader("Referrer-Policy", "no-referrer");
        out.setBody("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
                + "</title></head>\n<body><h1>" + escape(title) + "</h1>\n<p>" + escape(text) + "</p></body></html>\n");
    }

    /** HTML-escapes text (personId comes from the browser). */
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
