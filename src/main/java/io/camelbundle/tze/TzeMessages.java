package io.camelbundle.tze;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.camelbundle.support.Sha256;

/**
 * The steps of the reusable send route {@code direct:tze-send} (routes/tze-messages.camel.yaml): read and
 * check the request, render the template or take the ready message, validate it (nothing invalid is sent to
 * anyone), split over the persons, collect one result per person. Also the split's aggregation strategy:
 * a person whose delivery failed (after Camel's redelivery of transient failures) is recorded with the
 * reason and the exception cleared, so one person never stops the others.
 */
@ApplicationScoped
@Named("tzeMessages")
public class TzeMessages implements AggregationStrategy {

    /** Exchange property with the {@link TzeDispatch} of the request. */
    public static final String DISPATCH = "TzeDispatch";
    /** Exchange property: the request as read ({@link TzeSendRequest}). */
    public static final String REQUEST = "TzeRequest";
    /** Header with the persons for the Kamelet's template shortcut (see {@link #request}). */
    public static final String PERSON_IDS = "TzePersonIds";
    /** Header naming the person a split sub-exchange sends to. */
    public static final String PERSON_ID = "TzePersonId";
    /** Header with the number of persons not reached, set by {@link #results}. */
    public static final String FAILED = "TzeFailed";
    /**
     * Exchange property a caller sets to make the sends idempotent (the file drop: {@code <content hash>:<line>}):
     * each person's key is this prefix and the person, remembered once TZE confirmed the send.
     */
    public static final String SENT_KEY_PREFIX = "TzeSentKeyPrefix";
    /** Header of a person's sub-exchange: its idempotency key, set by {@link #person} when there is a prefix. */
    public static final String SENT_KEY = "TzeSentKey";
    /** Result status of a person skipped because an earlier run with the same key was confirmed. */
    public static final String SKIPPED_DUPLICATE = "skipped_duplicate";
    /** Hex digits of the personId's SHA-256 in a key: a key fits the repository's 100 characters. */
    private static final int PERSON_DIGEST_HEX = 16;

    private static final Logger LOG = Logger.getLogger(TzeMessages.class);
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
        TzeSendRequest request = TzeSendRequest.parse(exchange.getMessage().getBody(String.class));
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

    /**
     * Split step: the sub-exchange's body is one personId; it becomes the wire message for that person. With a
     * {@value #SENT_KEY_PREFIX}, header {@value #SENT_KEY} is the person's idempotency key.
     */
    public void person(Exchange exchange) {
        String personId = exchange.getMessage().getBody(String.class);
        exchange.getMessage().setHeader(PERSON_ID, personId);
        String prefix = exchange.getProperty(SENT_KEY_PREFIX, String.class);
        if (prefix != null) {
            exchange.getMessage().setHeader(SENT_KEY, sentKey(prefix, personId));
        }
        exchange.getMessage().setBody(exchange.getProperty(DISPATCH, TzeDispatch.class).wire());
    }

    /**
     * {@code <prefix>:<first 16 hex digits of SHA-256(personId)>}: a personId may be up to 200 characters, the
     * repository's key only 100; within one line of one file a 64-bit digest does not collide in practice.
     */
    public static String sentKey(String prefix, String personId) {
        return prefix + ":" + Sha256.of(personId).substring(0, PERSON_DIGEST_HEX);
    }

    /** Split step instead of the send: an earlier run with the same key was confirmed by TZE. */
    public void duplicate(Exchange exchange) {
        exchange.getProperty(DISPATCH, TzeDispatch.class).record(new TzeDispatch.Result(
                exchange.getMessage().getHeader(PERSON_ID, String.class), SKIPPED_DUPLICATE, null,
                "already sent by an earlier run of the same file content"));
    }

    /** Split step after a successful send. */
    public void sent(Exchange exchange) {
        exchange.getProperty(DISPATCH, TzeDispatch.class).record(new TzeDispatch.Result(
                exchange.getMessage().getHeader(PERSON_ID, String.class), "sent", null, null));
    }

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        Exception failure = newExchange.getException();
        if (failure != null) {
            TzeDispatch dispatch = newExchange.getProperty(DISPATCH, TzeDispatch.class);
            String personId = newExchange.getMessage().getHeader(PERSON_ID, String.class);
            TzeDispatch.Result result;
            if (failure instanceof TzeSendException e) {
                result = new TzeDispatch.Result(personId, e.kind().status(), e.retCode(), e.getMessage());
            } else {
                LOG.errorf(failure, "TZE send to person %s failed unexpectedly", personId);
                result = new TzeDispatch.Result(personId, "error", null, failure.getClass().getSimpleName() + ": "
                        + failure.getMessage());
            }
            if (dispatch != null && personId != null) {
                dispatch.record(result);
            }
            LOG.warnf("TZE message not delivered to person %s: %s", personId, result.reason());
            newExchange.setException(null);
        }
        return oldExchange != null ? oldExchange : newExchange;
    }

    /** Last step: body = the results JSON, header {@value #FAILED} = persons not reached. */
    public void results(Exchange exchange) {
        TzeDispatch dispatch = exchange.getProperty(DISPATCH, TzeDispatch.class);
        exchange.getMessage().setHeader(FAILED, dispatch.failures().size());
        exchange.getMessage().setBody(dispatch.toJson().toString());
    }
}
