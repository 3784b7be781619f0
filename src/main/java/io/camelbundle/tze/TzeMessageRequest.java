package io.camelbundle.tze;

import java.io.IOException;
import java.util.Optional;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.http.HttpMethods;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.camelbundle.tze.TzeSendException.Kind;

/**
 * The first step of sending one message to one person (route tze-send-person): the body, a ready wire
 * message, and the header {@value TzeMessages#PERSON_ID} become TZE's request for a Camel HTTP POST to
 * {@code tze.message-url}: the platform accessToken in the query, the person's {@code personId} and
 * {@code oauthToken} in the query or the body ({@code tze.message-auth}, {@link TzeMessageEnvelope}). Fails,
 * sending nothing, for a person without a valid binding ({@link Kind#UNBOUND}), without a platform
 * accessToken (transient while the central control has none right now, else an error). The message, the
 * token and the binding are kept as exchange properties for {@link TzeMessageAnswer}, which puts the message
 * back whatever the outcome, so a redelivery sends it again.
 */
public class TzeMessageRequest {

    /** Exchange property: the wire message as it came in. */
    public static final String WIRE = "TzeWire";
    /** Exchange property: the platform accessToken this attempt used (compared and expired on a refusal). */
    public static final String TOKEN = "TzePlatformToken";
    /** Exchange property: the person's binding this attempt used. */
    public static final String BINDING = "TzeBinding";

    private final String messageUrl;
    private final TzeMessageEnvelope.Mode mode;
    private final TzeAccessToken accessToken;
    private final TzeBindingStore bindings;
    private final ObjectMapper json = new ObjectMapper();

    public TzeMessageRequest(String messageUrl, TzeMessageEnvelope.Mode mode, TzeAccessToken accessToken,
            TzeBindingStore bindings) {
        this.messageUrl = messageUrl;
        this.mode = mode;
        this.accessToken = accessToken;
        this.bindings = bindings;
    }

    /** Route step. */
    public void prepare(Exchange exchange) throws TzeSendException {
        Message message = exchange.getMessage();
        String personId = message.getHeader(TzePersonSends.PERSON_ID, String.class);
        String wire = message.getBody(String.class);
        Optional<TzeBinding> found = bindings.find(personId);
        if (found.isEmpty()) {
            throw new TzeSendException(Kind.UNBOUND, unboundReason(personId));
        }
        TzeBinding binding = found.get();
        ObjectNode wireMessage;
        try {
            wireMessage = (ObjectNode) json.readTree(wire);
        } catch (IOException | ClassCastException | IllegalArgumentException e) {
            throw new TzeSendException(Kind.ERROR, "the message to send is not a JSON object");
        }
        String platformToken = accessToken.forCall(
                (transientNow, reason) -> new TzeSendException(transientNow ? Kind.TRANSIENT : Kind.ERROR, reason));
        exchange.setProperty(WIRE, wire);
        exchange.setProperty(TOKEN, platformToken);
        exchange.setProperty(BINDING, binding);
        // an inbound HTTP request's CamelHttp* headers would redirect the call (CamelHttpUri) or replace its query
        message.removeHeaders("CamelHttp*");
        message.setHeader(Exchange.HTTP_METHOD, HttpMethods.POST); // the enum Camel HTTP asks for: no conversion per call
        message.setHeader(Exchange.HTTP_QUERY,
                TzeMessageEnvelope.query(messageUrl, mode, platformToken, personId, binding.oauthToken()));
        message.setHeader(Exchange.CONTENT_TYPE, "application/json; charset=UTF-8");
        message.setBody(TzeMessageEnvelope.body(mode, wireMessage, personId, binding.oauthToken()).toString());
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
}
