package io.camelbundle.tze;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.camel.Exchange;
import org.jboss.logging.Logger;

import io.camelbundle.support.VendorHttpClients;
import io.camelbundle.token.TokenUnavailableException;
import io.camelbundle.tze.TzeSendException.Kind;

/**
 * Sends one ready wire message to one bound person ({@code POST tze.message-url}, envelope per
 * {@code tze.message-auth}). Outcomes: success touches the binding (expiry extended); a retCode of
 * {@code tze.token-invalid-codes} (platform accessToken refused) compares-and-expires the stored token and
 * sends once more, a second refusal is {@link Kind#ERROR}; a retCode of {@code tze.binding-invalid-codes}
 * marks the binding invalid; HTTP 5xx and timeouts are {@link Kind#TRANSIENT} for Camel redelivery; any other
 * retCode is {@link Kind#REFUSED} with retDesc.
 */
public class TzeMessageSender {

    /** Header naming the person a split sub-exchange sends to. */
    public static final String PERSON_ID = "TzePersonId";

    private static final Logger LOG = Logger.getLogger(TzeMessageSender.class);
    private static final int DESC_MAX = 300;

    private final String messageUrl;
    private final TzeMessageEnvelope.Mode mode;
    private final TzeAccessToken accessToken;
    private final TzeBindingStore bindings;
    private final Set<String> bindingInvalidCodes;
    private final Set<String> tokenInvalidCodes;
    private final Duration timeout;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    public TzeMessageSender(String messageUrl, TzeMessageEnvelope.Mode mode, TzeAccessToken accessToken,
            TzeBindingStore bindings, Set<String> bindingInvalidCodes, Set<String> tokenInvalidCodes,
            Duration connectTimeout, Duration timeout) {
        this.messageUrl = messageUrl;
        this.mode = mode;
        this.accessToken = accessToken;
        this.bindings = bindings;
        this.bindingInvalidCodes = Set.copyOf(bindingInvalidCodes);
        this.tokenInvalidCodes = Set.copyOf(tokenInvalidCodes);
        this.timeout = timeout;
        this.http = VendorHttpClients.create(connectTimeout);
    }

    /** Route step: body = wire message JSON, header {@value #PERSON_ID}. Body unchanged on success. */
    public void send(Exchange exchange) throws TzeSendException {
        send(exchange.getMessage().getHeader(PERSON_ID, String.class), exchange.getMessage().getBody(String.class));
    }

    public void send(String personId, String wireMessage) throws TzeSendException {
        Optional<TzeBinding> found = bindings.find(personId);
        if (found.isEmpty()) {
            throw new TzeSendException(Kind.UNBOUND, unboundReason(personId));
        }
        TzeBinding binding = found.get();
        ObjectNode wire;
        try {
            wire = (ObjectNode) json.readTree(wireMessage);
        } catch (IOException | ClassCastException e) {
            throw new TzeSendException(Kind.ERROR, "the message to send is not a JSON object");
        }
        Posted posted;
        try {
            posted = accessToken.withToken(platformToken -> post(platformToken, personId, binding, wire),
                    p -> tokenInvalidCodes.contains(p.answer().retCode()));
        } catch (TokenUnavailableException e) {
            throw new TzeSendException(Kind.TRANSIENT, "no TZE platform accessToken right now: " + e.reason());
        }
        TzeAnswer answer = posted.answer();
        String desc = mask(answer.retDesc(), posted.platformToken(), binding.oauthToken());
        if (answer.success()) {
            bindings.touch(personId, binding.oauthToken());
            return;
        }
        if (tokenInvalidCodes.contains(answer.retCode())) {
            // refused again right after a refresh: a configuration problem, not worth more calls
            throw new TzeSendException(Kind.ERROR, "TZE refused the platform accessToken again after a refresh (retCode "
                    + answer.retCode() + ": " + desc + ")", answer.retCode(), desc);
        }
        if (bindingInvalidCodes.contains(answer.retCode())) {
            bindings.markInvalid(personId, binding.oauthToken(), "retCode " + answer.retCode() + ": " + desc);
            LOG.infof("TZE refused the oauthToken of person %s (retCode %s); binding marked invalid", personId,
                    answer.retCode());
            throw new TzeSendException(Kind.BINDING_INVALID, "TZE refused the person's oauthToken (retCode "
                    + answer.retCode() + ": " + desc + "); the person must authorise again", answer.retCode(), desc);
        }
        throw new TzeSendException(Kind.REFUSED, "TZE refused the message: retCode " + answer.retCode() + " (" + desc
                + ")", answer.retCode(), desc);
    }

    /** TZE's answer to one POST, with the platform accessToken it was made with (to mask it in retDesc). */
    private record Posted(String platformToken, TzeAnswer answer) {
    }

    /** One POST of the message with this platform accessToken; HTTP-level failures are thrown. */
    private Posted post(String platformToken, String personId, TzeBinding binding, ObjectNode wire)
            throws TzeSendException {
        if (platformToken == null || platformToken.isBlank()) {
            throw new TzeSendException(Kind.ERROR, "tze.access-token is not configured");
        }
        URI uri = TzeMessageEnvelope.uri(messageUrl, mode, platformToken, personId, binding.oauthToken());
        String body = TzeMessageEnvelope.body(mode, wire, personId, binding.oauthToken()).toString();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/json; charset=UTF-8").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new TzeSendException(Kind.TRANSIENT, "TZE message endpoint did not answer within " + timeout);
        } catch (IOException e) {
            // not chained: the HTTP client's message may quote the URL with the tokens
            throw new TzeSendException(Kind.TRANSIENT,
                    "TZE message endpoint unreachable (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TzeSendException(Kind.TRANSIENT, "interrupted while sending to TZE");
        }
        int status = response.statusCode();
        if (status >= 500 || status == 429 || status == 408) {
            throw new TzeSendException(Kind.TRANSIENT, "TZE message endpoint answered HTTP " + status);
        }
        if (status != 200) {
            throw new TzeSendException(Kind.ERROR, "TZE message endpoint answered HTTP " + status);
        }
        try {
            return new Posted(platformToken, TzeAnswer.of(json.readTree(response.body())));
        } catch (IOException | IllegalArgumentException e) {
            throw new TzeSendException(Kind.ERROR, "TZE message endpoint answered malformed JSON");
        }
    }

    private String unboundReason(String personId) {
        Optional<TzeBinding> row = bindings.read(personId);
        if (row.isEmpty()) {
            return "person is not bound: the person must authorise first";
        }
        if (row.get().invalidAt() != 0) {
            return "binding was refused by TZE (" + row.get().invalidReason() + "): the person must authorise again";
        }
        return "binding expired: the person must authorise again";
    }

    private static String mask(String desc, String... secrets) {
        String safe = desc == null ? "" : desc;
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty()) {
                safe = safe.replace(secret, "****");
            }
        }
        return safe.length() > DESC_MAX ? safe.substring(0, DESC_MAX) + "..." : safe;
    }
}
