package io.camelbundle.tze;

import java.io.IOException;
import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.camelbundle.support.LogSafe;
import io.camelbundle.support.http.CallFailure;
import io.camelbundle.tze.TzeSendException.Kind;

/**
 * The last step of sending one message to one person (route tze-send-person), after the Camel HTTP POST
 * (with {@code throwExceptionOnFailure=false}). retCode 000000: the binding is touched (its expiry extended).
 * A retCode of {@code tze.token-invalid-codes}: {@link TzeTokenRejectedException}, which tze-delivery.camel.yaml
 * redelivers once after expiring the token; refused again, the send ends as {@link Kind#ERROR}, never a loop.
 * A retCode of {@code tze.binding-invalid-codes}: the binding is marked invalid ({@link Kind#BINDING_INVALID}).
 * Another retCode: {@link Kind#REFUSED} with retDesc. HTTP 5xx, 408, 429, timeouts and connection failures:
 * {@link Kind#TRANSIENT}, redelivered with backoff. Either way the message is the wire message again, as it
 * came in. Tokens are masked out of every retDesc.
 */
public class TzeMessageAnswer {

    /** Exchange property: this person's send was refused for its platform accessToken once already. */
    static final String TOKEN_REFUSED = "TzeTokenRefused";

    private static final Logger LOG = Logger.getLogger(TzeMessageAnswer.class);
    private static final int DESC_MAX = 300;

    private final TzeBindingStore bindings;
    private final Set<String> bindingInvalidCodes;
    private final Set<String> tokenInvalidCodes;
    private final ObjectMapper json = new ObjectMapper();

    public TzeMessageAnswer(TzeBindingStore bindings, Set<String> bindingInvalidCodes, Set<String> tokenInvalidCodes) {
        this.bindings = bindings;
        this.bindingInvalidCodes = Set.copyOf(bindingInvalidCodes);
        this.tokenInvalidCodes = Set.copyOf(tokenInvalidCodes);
    }

    /** For the {@code doCatch} of an {@link IOException} around the POST: no answer. */
    public void unreachable(Exchange exchange) throws TzeSendException {
        restoreMessage(exchange);
        CallFailure failure = CallFailure.of(exchange);
        if (failure.timeout() != null) {
            throw new TzeSendException(Kind.TRANSIENT,
                    "TZE message endpoint did not answer within " + failure.timeout().limitMillis() + " ms");
        }
        if (failure.tooLarge() != null) {
            throw new TzeSendException(Kind.ERROR, failure.tooLarge().getMessage());
        }
        // not chained: the HTTP client's message may quote the URL with the tokens
        throw new TzeSendException(Kind.TRANSIENT, "TZE message endpoint unreachable (" + failure.what() + ")");
    }

    /** After the POST: TZE's answer. */
    public void check(Exchange exchange) throws TzeSendException {
        Message message = exchange.getMessage();
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String body = message.getBody(String.class);
        restoreMessage(exchange);
        if (status >= 500 || status == 429 || status == 408) {
            throw new TzeSendException(Kind.TRANSIENT, "TZE message endpoint answered HTTP " + status);
        }
        if (status != 200) {
            throw new TzeSendException(Kind.ERROR, "TZE message endpoint answered HTTP " + status);
        }
        TzeAnswer answer;
        try {
            answer = TzeAnswer.of(json.readTree(body == null ? "" : body));
        } catch (IOException | IllegalArgumentException e) {
            throw new TzeSendException(Kind.ERROR, "TZE message endpoint answered malformed JSON");
        }
        TzeBinding binding = exchange.getProperty(TzeMessageRequest.BINDING, TzeBinding.class);
        String personId = binding.personId();
        String desc = answer.safeDesc(DESC_MAX, exchange.getProperty(TzeMessageRequest.TOKEN, String.class),
                binding.oauthToken());
        if (answer.success()) {
            bindings.touch(personId, binding.oauthToken());
            return;
        }
        if (tokenInvalidCodes.contains(answer.retCode())) {
            if (Boolean.TRUE.equals(exchange.getProperty(TOKEN_REFUSED))) {
                // refused again right after a refresh: a configuration problem, not worth more calls
                throw new TzeSendException(Kind.ERROR, "TZE refused the platform accessToken again after a refresh"
                        + " (retCode " + answer.retCode() + ": " + desc + ")", answer.retCode(), desc);
            }
            exchange.setProperty(TOKEN_REFUSED, true);
            throw new TzeTokenRejectedException(answer.retCode(), desc);
        }
        if (bindingInvalidCodes.contains(answer.retCode())) {
            bindings.markInvalid(personId, binding.oauthToken(), "retCode " + answer.retCode() + ": " + desc);
            LOG.infof("TZE refused the oauthToken of person %s (retCode %s); binding marked invalid",
                    LogSafe.escape(personId), LogSafe.escape(answer.retCode()));
            throw new TzeSendException(Kind.BINDING_INVALID, "TZE refused the person's oauthToken (retCode "
                    + answer.retCode() + ": " + desc + "); the person must authorise again", answer.retCode(), desc);
        }
        throw new TzeSendException(Kind.REFUSED, "TZE refused the message: retCode " + answer.retCode() + " (" + desc
                + ")", answer.retCode(), desc);
    }

    /** The wire message as the body again, TZE's request and answer headers gone. */
    private static void restoreMessage(Exchange exchange) {
        Message message = exchange.getMessage();
        message.removeHeaders("CamelHttp*");
        message.removeHeader(Exchange.CONTENT_TYPE);
        message.setBody(exchange.getProperty(TzeMessageRequest.WIRE, String.class));
    }

}
