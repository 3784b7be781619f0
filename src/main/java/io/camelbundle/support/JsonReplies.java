package io.camelbundle.support;

import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Writes JSON answers of the bundle's HTTP endpoints: status and content type. */
public final class JsonReplies {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonReplies() {
    }

    public static void reply(Exchange exchange, int status, Map<String, ?> body) {
        Message message = exchange.getMessage();
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(json(body));
    }

    /** The body as JSON text, as {@link #reply} sends it. */
    public static String json(Map<String, ?> body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write JSON reply", e);
        }
    }

    public static void error(Exchange exchange, int status, String error, String reason) {
        // the last stop before an error body leaves the bundle: no secret, whatever the reason quotes
        reply(exchange, status, Map.of("error", error, "reason", Secrets.mask(reason)));
    }
}
