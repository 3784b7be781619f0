package io.camelbundle.tze;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.camelbundle.support.StrictUtf8;

/**
 * The request side of the reusable send route {@code direct:tze-send} (routes/tze-messages.camel.yaml): read
 * and check the request, then, after the template is rendered or the ready message taken, validate it (nothing
 * invalid is sent to anyone). The sends per person are {@link TzePersonSends}.
 */
@ApplicationScoped
@Named("tzeMessages")
public class TzeMessages {

    /** Exchange property with the {@link TzeDispatch} of the request. */
    public static final String DISPATCH = "TzeDispatch";
    /** Exchange property: the request as read ({@link TzeSendRequest}). */
    public static final String REQUEST = "TzeRequest";
    /** Header with the persons for the Kamelet's template shortcut (see {@link #request}). */
    public static final String PERSON_IDS = "TzePersonIds";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TzeMessageValidator validator = new TzeMessageValidator();

    /**
     * The Kamelet's shortcut for routes that fill a template from a business event: with {@code template}
     * set, the body is the template's data (a JSON object as text, a Map, or empty) and the persons are
     * {@code personIds} (comma-separated) or, when that is empty, the header {@value #PERSON_IDS} (a list or
     * comma-separated text); the body becomes the full request. With {@code template} empty the body already
     * is the request and stays as it is.
     */
    public void request(Exchange exchange, String template, String personIds) {
        if (template == null || template.isBlank()) {
            return;
        }
        Object ids = personIds != null && !personIds.isBlank() ? personIds
                : exchange.getMessage().getHeader(PERSON_IDS);
        ObjectNode request = JSON.createObjectNode();
        ArrayNode persons = request.putArray("personIds");
        if (ids instanceof Collection<?> list) {
            list.forEach(id -> persons.add(String.valueOf(id).trim()));
        } else if (ids != null) {
            for (String id : ids.toString().split(",")) {
                if (!id.isBlank()) {
                    persons.add(id.trim());
                }
            }
        }
        request.put("template", template.trim());
        Object data = exchange.getMessage().getBody();
        if (data instanceof Map<?, ?> map) {
            request.set("data", JSON.valueToTree(map));
        } else if (data != null) {
            String text = exchange.getMessage().getBody(String.class);
            if (text != null && !text.isBlank()) {
                try {
                    request.set("data", JSON.readTree(text));
                } catch (JsonProcessingException e) {
                    throw new InvalidTzeRequestException(
                            List.of("data: the body is not JSON (" + e.getOriginalMessage() + ")"));
                }
            }
        }
        exchange.getMessage().setBody(request.toString());
    }

    /**
     * Step 1 of direct:tze-send: reads the request (body: JSON text), kept as the exchange property
     * {@value #REQUEST}. With a template, the body becomes the template's data and the header
     * {@value TzeTemplateRendering#TEMPLATE} its name, for the render step; else the body is the message.
     *
     * @throws InvalidTzeRequestException naming every problem of the request
     */
    public void read(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        TzeSendRequest request = TzeSendRequest.parse(body instanceof byte[] bytes ? StrictUtf8.decode(bytes,
                at -> new InvalidTzeRequestException(List.of("$: not valid UTF-8 (byte " + at + ")")))
                : exchange.getMessage().getBody(String.class));
        exchange.setProperty(REQUEST, request);
        Message message = exchange.getMessage();
        if (request.template() != null) {
            message.setHeader(TzeTemplateRendering.TEMPLATE, request.template());
            message.setBody(request.data() == null ? null : request.data().toString());
        } else {
            message.removeHeader(TzeTemplateRendering.TEMPLATE);
            message.setBody(request.message().toString());
        }
    }

    /**
     * Step 3: the message (body, rendered or as sent) is validated into the wire message all persons get;
     * the body becomes the persons, for the split.
     *
     * @throws InvalidTzeRequestException naming every problem of the message, nothing sent
     */
    public void validate(Exchange exchange) {
        TzeSendRequest request = exchange.getProperty(REQUEST, TzeSendRequest.class);
        String prefix = request.template() != null ? "template '" + request.template() + "' rendered: " : "message.";
        ObjectNode message;
        try {
            message = (ObjectNode) JSON.readTree(exchange.getMessage().getBody(String.class));
        } catch (JsonProcessingException | ClassCastException | IllegalArgumentException e) {
            throw new InvalidTzeRequestException(List.of(prefix + "$: not a JSON object"));
        }
        String wire;
        try {
            wire = validator.toWireJson(validator.parse(message));
        } catch (InvalidTzeMessageException e) {
            List<String> problems = new ArrayList<>();
            e.problems().forEach(p -> problems.add(prefix + p));
            throw new InvalidTzeRequestException(problems);
        }
        TzeDispatch dispatch = new TzeDispatch(request, wire);
        exchange.setProperty(DISPATCH, dispatch);
        exchange.getMessage().removeHeader(TzeTemplateRendering.TEMPLATE);
        exchange.getMessage().setBody(dispatch.request().personIds());
    }
}
