package io.camelbundle.openapi;

import java.util.LinkedHashMap;
import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * The rules of redelivering an OpenAPI call, for the {@code onException} clauses of the routes
 * (routes/openapi-retries.camel.yaml for every route that calls kamelet:tencent-openapi-call-action,
 * routes/openapi-gateway.camel.yaml for the gateway): {@link #again} is their {@code retryWhile}, this
 * processor their {@code onRedelivery}.
 * <p>
 * Only APIs listed in {@code openapi.safe-to-repeat} are sent again (a repeated {@code send_gift} would send
 * two gifts), at most {@code openapi.retry.max-attempts} times in all. A redelivery runs the whole call again
 * (the Kamelet, or direct:openapi-signed-call), so the message must be the call as it came in, not the
 * signed request or the failed answer: {@link #process} puts it back from what {@link OpenApiSign} kept.
 */
public class OpenApiRetry implements Processor {

    private final Set<String> safeToRepeat;
    private final int maxAttempts;

    public OpenApiRetry(Set<String> safeToRepeat, int maxAttempts) {
        this.safeToRepeat = Set.copyOf(safeToRepeat);
        this.maxAttempts = Math.max(1, maxAttempts);
    }

    /**
     * True while the failed call may be sent again: its API is safe to repeat and fewer than max-attempts
     * attempts were made. The attempts are counted by the signing step ({@value OpenApiSign#ATTEMPT}), per
     * call: Camel's redelivery counter is one per exchange, whose route may make several calls.
     */
    public boolean again(Exchange exchange) {
        OpenApiSign.Request request = exchange.getProperty(OpenApiSign.REQUEST, OpenApiSign.Request.class);
        if (request == null || !safeToRepeat.contains(request.path())) {
            return false; // refused before signing, or not safe: one attempt only
        }
        return exchange.getProperty(OpenApiSign.ATTEMPT, 1, Integer.class) < maxAttempts;
    }

    /** Before a redelivery: the call's parameters as the body, its path and method as the headers the signer reads. */
    @Override
    public void process(Exchange exchange) {
        OpenApiSign.Request request = exchange.getProperty(OpenApiSign.REQUEST, OpenApiSign.Request.class);
        if (request == null) {
            return;
        }
        exchange.setProperty(OpenApiSign.REDELIVERY, true);
        Message message = exchange.getMessage();
        message.removeHeaders("CamelHttp*");
        message.removeHeader(Exchange.CONTENT_TYPE);
        message.removeHeader(OpenApiAnswer.RET_HEADER);
        message.setHeader(OpenApiSign.PATH, request.path());
        message.setHeader(Exchange.HTTP_METHOD, request.method());
        message.setBody(new LinkedHashMap<>(request.params()));
    }
}
