package io.camelbundle.tze;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.jboss.logging.Logger;

import io.camelbundle.support.JsonReplies;

/** The replies of POST /tze/messages (routes/tze-messages.camel.yaml): the results, or the request's problems. */
@ApplicationScoped
@Named("tzeMessagesReplies")
public class TzeMessagesReplies {

    private static final Logger LOG = Logger.getLogger(TzeMessagesReplies.class);

    // --- POST /tze/messages --------------------------------------------------------------------------------

    /** The results of direct:tze-send as the reply: 200 with one result per person. */
    public void replyResults(Exchange exchange) {
        String body = exchange.getMessage().getBody(String.class);
        Message out = exchange.getMessage();
        out.getHeaders().clear();
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        out.setBody(body);
    }

    /** The route's doCatch: 400 with every problem, or 500. */
    public void replyError(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (e instanceof InvalidTzeRequestException invalid) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", "invalid_request");
            body.put("problems", invalid.problems());
            JsonReplies.reply(exchange, 400, body);
        } else {
            LOG.errorf(e, "POST /tze/messages failed");
            JsonReplies.error(exchange, 500, "internal_error", e == null ? "unknown" : e.getClass().getSimpleName());
        }
    }
}
