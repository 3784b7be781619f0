package io.camelbundle.tze;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.http.HttpMethods;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.camelbundle.support.http.CallFailure;
import io.camelbundle.tze.TzeOauthException.Kind;

/**
 * The steps of route tze-oauth-exchange (routes/tze-oauth-exchange.camel.yaml), which exchanges the one-time
 * {@code oauthCode} from TZE's OAuth login redirect for the user's oauthToken, exactly as seed 002:
 * {@code POST <tze.api-url>/oauth/getOauthToken?accessToken=..} with the JSON body {@code {"oauthCode":".."}};
 * success is {@code retCode "000000"} with {@code data.oauthToken} and {@code data.expiry} (epoch
 * milliseconds: a string in the field table, a number in the example, both accepted). Unknown fields are
 * ignored.
 * <p>
 * {@link #request} turns the body, the code, into the request with the platform accessToken (credential
 * {@code tze} of the token central control, kept as the exchange property {@value TzeMessageRequest#TOKEN});
 * {@link #answer} reads TZE's answer into a {@link TzeOauthToken} body, or fails with a
 * {@link TzeOauthException} whose message quotes neither token nor code. A retCode of
 * {@code tze.token-invalid-codes} is first a {@link TzeOauthTokenRejectedException}, which the calling route
 * redelivers once after expiring the token (the code was not used); refused again, an
 * {@link Kind#ACCESS_TOKEN_REFUSED} failure. Whatever the outcome the body is the code again.
 */
public class TzeOauthExchange {

    /** Exchange property: the code being exchanged. */
    static final String CODE = "TzeOauthCode";
    /** Exchange property: the platform accessToken was refused once already. */
    static final String TOKEN_REFUSED = "TzeOauthTokenRefused";
    private static final int DESC_MAX = 120;

    private final TzeAccessToken accessToken;
    private final Set<String> tokenInvalidCodes;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param accessToken supplies the platform accessToken; null or blank means "not configured"
     * @param tokenInvalidCodes retCodes meaning "platform accessToken invalid" ({@code tze.token-invalid-codes})
     */
    public TzeOauthExchange(TzeAccessToken accessToken, Set<String> tokenInvalidCodes, Clock clock) {
        this.accessToken = accessToken;
        this.tokenInvalidCodes = Set.copyOf(tokenInvalidCodes);
        this.clock = clock;
    }

    /** First step: the code (body) becomes the request; nothing is sent without a code or a platform token. */
    public void request(Exchange exchange) throws TzeOauthException {
        Message message = exchange.getMessage();
        String code = message.getBody(String.class);
        if (code == null || code.isBlank()) {
            throw new TzeOauthException(Kind.REFUSED, "no oauthCode to exchange");
        }
        String platformToken = accessToken
                .forCall((transientNow, reason) -> new TzeOauthException(Kind.NOT_CONFIGURED, reason));
        exchange.setProperty(CODE, code);
        exchange.setProperty(TzeMessageRequest.TOKEN, platformToken);
        message.removeHeaders("CamelHttp*");
        message.setHeader(Exchange.HTTP_METHOD, HttpMethods.POST); // the enum Camel HTTP asks for: no conversion per call
        message.setHeader(Exchange.HTTP_QUERY,
                TzeMessageEnvelope.ACCESS_TOKEN + "=" + URLEncoder.encode(platformToken, StandardCharsets.UTF_8));
        message.setHeader(Exchange.CONTENT_TYPE, "application/json; charset=UTF-8");
        message.setBody(json.createObjectNode().put("oauthCode", code).toString());
    }

    /** For the {@code doCatch} of an {@link IOException} around the POST: no answer. */
    public void unreachable(Exchange exchange) throws TzeOauthException {
        restore(exchange);
        CallFailure failure = CallFailure.of(exchange);
        if (failure.timeout() != null) {
            throw new TzeOauthException(Kind.TIMEOUT,
                    "TZE oauth endpoint did not answer within " + failure.timeout().limitMillis() + " ms");
        }
        if (failure.tooLarge() != null) {
            throw new TzeOauthException(Kind.MALFORMED, failure.tooLarge().getMessage());
        }
        // the cause's message is not chained: HTTP client messages may quote the URL with the accessToken
        throw new TzeOauthException(Kind.UNREACHABLE, "TZE oauth endpoint unreachable (" + failure.what() + ")");
    }

    /** Last step: TZE's answer becomes a {@link TzeOauthToken} body. */
    public void answer(Exchange exchange) throws TzeOauthException {
        Message message = exchange.getMessage();
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String body = message.getBody(String.class);
        String platformToken = exchange.getProperty(TzeMessageRequest.TOKEN, String.class);
        String code = restore(exchange);
        if (status != 200) {
            throw new TzeOauthException(Kind.HTTP_STATUS, "TZE oauth endpoint answered HTTP " + status, status, null,
                    null);
        }
        TzeAnswer answer = null;
        try {
            answer = TzeAnswer.of(json.readTree(body == null ? "" : body));
        } catch (IOException | IllegalArgumentException e) {
            // parse() reports it
        }
        if (answer != null && tokenInvalidCodes.contains(answer.retCode())) {
            if (Boolean.TRUE.equals(exchange.getProperty(TOKEN_REFUSED))) {
                throw new TzeOauthException(Kind.ACCESS_TOKEN_REFUSED, "TZE refused the platform accessToken again"
                        + " after a refresh (retCode " + answer.retCode() + ")", 0, answer.retCode(), null);
            }
            exchange.setProperty(TOKEN_REFUSED, true);
            throw new TzeOauthTokenRejectedException(answer.retCode());
        }
        message.setBody(parse(body, platformToken, code));
    }

    /** The code as the body again, TZE's request and answer headers gone; returns the code. */
    private static String restore(Exchange exchange) {
        Message message = exchange.getMessage();
        message.removeHeaders("CamelHttp*");
        message.removeHeader(Exchange.CONTENT_TYPE);
        String code = exchange.getProperty(CODE, String.class);
        message.setBody(code);
        return code;
    }

    TzeOauthToken parse(String body, String platformToken, String oauthCode) throws TzeOauthException {
        TzeAnswer answer;
        try {
            answer = TzeAnswer.of(json.readTree(body));
        } catch (IOException | IllegalArgumentException e) {
            throw new TzeOauthException(Kind.MALFORMED, "TZE oauth endpoint answered malformed JSON");
        }
        if (!answer.success()) {
            String desc = answer.safeDesc(DESC_MAX, platformToken, oauthCode);
            throw new TzeOauthException(Kind.REFUSED,
                    "TZE refused the oauthCode: retCode " + answer.retCode() + " (" + desc + ")", 0,
                    answer.retCode(), desc);
        }
        JsonNode data = answer.data();
        JsonNode token = data == null ? null : data.get("oauthToken");
        if (token == null || !token.isTextual() || token.asText().isBlank()) {
            throw new TzeOauthException(Kind.MALFORMED, "TZE oauth answer has no data.oauthToken");
        }
        if (token.asText().length() > TzeBindingStore.MAX_TOKEN) {
            // a malformed answer, not a binding the store would refuse after the code was used up
            throw new TzeOauthException(Kind.MALFORMED, "TZE oauth answer's data.oauthToken has "
                    + token.asText().length() + " characters; at most " + TzeBindingStore.MAX_TOKEN + " are kept");
        }
        long expiry = expiry(data == null ? null : data.get("expiry"));
        if (expiry <= clock.millis()) {
            // most likely seconds instead of milliseconds: storing it would unbind the user at once
            throw new TzeOauthException(Kind.MALFORMED, "TZE oauth answer's data.expiry " + expiry
                    + " is not in the future (epoch milliseconds expected)");
        }
        return new TzeOauthToken(token.asText(), expiry);
    }

    private static long expiry(JsonNode node) throws TzeOauthException {
        if (node != null && node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node != null && node.isTextual()) {
            try {
                return Long.parseLong(node.asText().trim());
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        throw new TzeOauthException(Kind.MALFORMED, "TZE oauth answer has no numeric data.expiry");
    }

}
