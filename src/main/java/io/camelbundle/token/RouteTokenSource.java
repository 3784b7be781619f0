package io.camelbundle.token;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.camelbundle.support.http.AnswerTooLargeException;

/**
 * A credential whose token is fetched by a Camel route, by default {@code direct:token-fetch-<credential>}:
 * the route holds the vendor call (a Camel HTTP {@code to} in routes/), this class only hands the outcome to
 * the central control, which keeps the single flight, lease, backoff and stored expiry.
 * <p>
 * The route's last body is the token: an {@link IssuedToken}, or an OAuth2-shaped object (a Map or JSON text
 * with {@code access_token} and {@code expires_in} in seconds, or instead of that {@code expires_at} in epoch
 * milliseconds; or with {@code error} for a refusal, which becomes the reason {@code refused:<error>}), so a
 * route can describe a vendor's answer without Java. A
 * {@link TokenAcquisitionException} thrown in the route keeps its reason code; a timeout or
 * connection failure is {@code unreachable}, an answer over the size cap or of the wrong shape
 * {@code bad_answer}, and an HTTP status other than 200 left by the route is {@code http_<status>}.
 */
public class RouteTokenSource implements TokenSource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String credential;
    private final String vendor;
    private final String fingerprint;
    private final boolean configured;
    private final String fetchUri;
    private final CamelContext camel;
    private volatile ProducerTemplate producer;

    /**
     * @param vendor the vendor of {@code bundle.vendors} the credential belongs to, or null for a credential of
     *        no listed vendor (always on)
     * @param fingerprint identifies the token endpoint and client (a hash, never a secret)
     */
    public RouteTokenSource(String credential, String vendor, String fingerprint, boolean configured,
            String fetchUri, CamelContext camel) {
        this.credential = credential;
        this.vendor = vendor;
        this.fingerprint = fingerprint;
        this.configured = configured;
        this.fetchUri = fetchUri;
        this.camel = camel;
    }

    public static String defaultFetchUri(String credential) {
        return "direct:token-fetch-" + credential;
    }

    @Override
    public String credential() {
        return credential;
    }

    @Override
    public String vendor() {
        return vendor;
    }

    @Override
    public boolean configured() {
        return configured;
    }

    @Override
    public String fingerprint() {
        return fingerprint;
    }

    public String fetchUri() {
        return fetchUri;
    }

    @Override
    public IssuedToken acquire() throws TokenAcquisitionException {
        Exchange exchange = producer().send(fetchUri, e -> e.getMessage().setHeader("credential", credential));
        Exception failure = exchange.getException();
        if (failure != null) {
            throw translate(failure);
        }
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (status != null && status != 200) {
            throw new TokenAcquisitionException(TokenAcquisitionException.httpStatus(status),
                    "token endpoint of " + credential + " answered HTTP " + status);
        }
        return token(exchange.getMessage().getBody());
    }

    private TokenAcquisitionException translate(Exception failure) {
        Throwable cause = failure;
        while (cause != null) {
            if (cause instanceof TokenAcquisitionException known) {
                return known;
            }
            if (cause instanceof AnswerTooLargeException) {
                return new TokenAcquisitionException(TokenAcquisitionException.BAD_ANSWER,
                        "token endpoint of " + credential + ": " + cause.getMessage());
            }
            if (cause instanceof IOException) {
                return new TokenAcquisitionException(TokenAcquisitionException.UNREACHABLE,
                        "token endpoint of " + credential + " unreachable", cause);
            }
            cause = cause.getCause();
        }
        return new TokenAcquisitionException(TokenAcquisitionException.INTERNAL_ERROR,
                "token route " + fetchUri + " failed", failure);
    }

    private IssuedToken token(Object body) throws TokenAcquisitionException {
        if (body instanceof IssuedToken token) {
            return token;
        }
        JsonNode answer;
        try {
            answer = body instanceof Map<?, ?> map ? JSON.valueToTree(map)
                    : body instanceof String text ? JSON.readTree(text) : null;
        } catch (IOException | IllegalArgumentException e) {
            answer = null;
        }
        if (answer == null || !answer.isObject()) {
            throw badAnswer("the token route's result is neither an IssuedToken nor an object with access_token"
                    + " and expires_in");
        }
        JsonNode error = answer.get("error");
        if (error != null && !error.isNull() && !error.asText().isBlank()) {
            // OAuth 2.0's error answer (RFC 6749 5.2); a route maps a vendor's own refusal code onto it
            throw new TokenAcquisitionException(TokenAcquisitionException.refused(error.asText()),
                    "token endpoint of " + credential + " refused: " + error.asText());
        }
        JsonNode token = answer.get("access_token");
        if (token == null || !token.isValueNode() || token.asText().isBlank()) {
            throw badAnswer("the token answer has no access_token");
        }
        JsonNode expiresIn = answer.get("expires_in");
        JsonNode expiresAt = answer.get("expires_at");
        Duration lifetime = expiresIn == null && expiresAt != null
                ? Duration.ofMillis(number(expiresAt, "expires_at") - System.currentTimeMillis())
                : Duration.ofSeconds(number(expiresIn, "expires_in"));
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new TokenAcquisitionException(TokenAcquisitionException.BAD_LIFETIME, "token endpoint of "
                    + credential + " announced a token that is already expired: " + answer.get(
                            expiresIn == null && expiresAt != null ? "expires_at" : "expires_in").asText());
        }
        return new IssuedToken(token.asText(), lifetime);
    }

    private long number(JsonNode value, String field) throws TokenAcquisitionException {
        try {
            return Long.parseLong(value == null ? "" : value.asText().trim());
        } catch (NumberFormatException e) {
            throw badAnswer("the token answer has no numeric " + field);
        }
    }

    private TokenAcquisitionException badAnswer(String detail) {
        return new TokenAcquisitionException(TokenAcquisitionException.BAD_ANSWER,
                "token endpoint of " + credential + ": " + detail);
    }

    private ProducerTemplate producer() {
        ProducerTemplate template = producer;
        if (template == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = camel.createProducerTemplate();
                }
                template = producer;
            }
        }
        return template;
    }
}
