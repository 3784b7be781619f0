package io.camelbundle.tze;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.jboss.logging.Logger;

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
    /** Header with the number of persons not reached, set by {@link #results}. */
    public static final String FAILED = "TzeFailed";

    private static final Logger LOG = Logger.getLogger(TzeMessages.class);

    private final TzeTemplates templates;
    private final TzeMessageValidator validator = new TzeMessageValidator();

    @Inject
    TzeMessages(TzeConfig config) {
        this(new TzeTemplates(Path.of(config.templatesDir())));
    }

    public TzeMessages(TzeTemplates templates) {
        this.templates = templates;
    }

    /** Reads the request (body: JSON text) and prepares the message; throws when nothing can be sent. */
    public void prepare(Exchange exchange) {
        TzeDispatch dispatch = prepare(exchange.getMessage().getBody(String.class));
        exchange.setProperty(DISPATCH, dispatch);
        exchange.getMessage().setBody(dispatch.request().personIds());
    }

    public TzeDispatch prepare(String body) {
        TzeSendRequest request = TzeSendRequest.parse(body);
        ObjectNode rendered;
        String source;
        try {
            if (request.template() != null) {
                source = "template '" + request.template() + "'";
                rendered = templates.render(request.template(), request.data());
            } else {
                source = "message";
                rendered = (ObjectNode) request.message();
            }
        } catch (InvalidTzeMessageException e) {
            throw new InvalidTzeRequestException(e.problems());
        }
        try {
            String wire = validator.toWireJson(validator.parse(rendered));
            return new TzeDispatch(request, wire);
        } catch (InvalidTzeMessageException e) {
            List<String> problems = new ArrayList<>();
            String prefix = request.template() != null ? source + " rendered: " : "message.";
            e.problems().forEach(p -> problems.add(prefix + p));
            throw new InvalidTzeRequestException(problems);
        }
    }

    /** Split step: the sub-exchange's body is one personId; it becomes the wire message for that person. */
    public void person(Exchange exchange) {
        String personId = exchange.getMessage().getBody(String.class);
        exchange.getMessage().setHeader(TzeMessageSender.PERSON_ID, personId);
        exchange.getMessage().setBody(exchange.getProperty(DISPATCH, TzeDispatch.class).wire());
    }

    /** Split step after a successful send. */
    public void sent(Exchange exchange) {
        exchange.getProperty(DISPATCH, TzeDispatch.class).record(new TzeDispatch.Result(
                exchange.getMessage().getHeader(TzeMessageSender.PERSON_ID, String.class), "sent", null, null));
    }

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        Exception failure = newExchange.getException();
        if (failure != null) {
            TzeDispatch dispatch = newExchange.getProperty(DISPATCH, TzeDispatch.class);
            String personId = newExchange.getMessage().getHeader(TzeMessageSender.PERSON_ID, String.class);
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
