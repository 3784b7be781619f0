package io.camelbundle.om;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.camelbundle.support.LogSafe;
import io.camelbundle.support.Secrets;
import io.camelbundle.support.http.CallFailure;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Reads OM's data return answer after the Camel HTTP call of kamelet:om-report-event-action. Code 0 lets the
 * exchange go on; a token-invalid code (om.token-invalid-codes) is an {@link OmTokenRejectedException}; any
 * other code a permanent {@link OmDeliveryException}; HTTP 5xx, 429, an unreadable answer, a timeout or a
 * connection error a transient one, which om-delivery.camel.yaml retries. Each call is timed
 * ({@code bundle.om.send}). Messages never quote the request, which carries the token.
 */
public class OmDataAnswer {

    private static final Logger LOG = Logger.getLogger(OmDataAnswer.class);

    private final ObjectMapper json = new ObjectMapper();
    private final Set<String> tokenInvalidCodes;
    private final Timer sendLatency;

    public OmDataAnswer(Set<String> tokenInvalidCodes, MeterRegistry registry) {
        this.tokenInvalidCodes = Set.copyOf(tokenInvalidCodes);
        this.sendLatency = Timer.builder("bundle.om.send").description("Time of one OM data return request")
                .publishPercentileHistogram().register(registry);
    }

    /** After an answer: returns normally only for code 0. Either way the caller's message is back. */
    public void check(Exchange exchange) {
        timed(exchange);
        try {
            classify(exchange);
        } finally {
            restoreCallerMessage(exchange);
        }
    }

    private void classify(Exchange exchange) {
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        if (status >= 500 || status == 429) {
            throw OmDeliveryException.transientFailure("OM answered HTTP " + status);
        }
        if (status != 200) {
            throw OmDeliveryException.rejectedByOm("HTTP " + status, "unexpected HTTP status");
        }
        OmAnswer answer;
        try {
            answer = OmAnswer.of(json.readTree(exchange.getMessage().getBody(String.class)));
        } catch (IOException | IllegalArgumentException e) {
            throw OmDeliveryException.transientFailure("OM answered something that is not its JSON envelope");
        }
        if (answer.success()) {
            return;
        }
        // OM's text may quote the call's own token, whichever instance fetched it, and goes on to logs, reports
        // and dead letters: masked, control characters escaped, cut at 200 characters
        String msg = answer.msg() == null ? null
                : LogSafe.escape(Secrets.mask(answer.msg(), exchange.getProperty(OmDataRequest.TOKEN, String.class)));
        LOG.debugf("OM refused an event: code %s (%s)", answer.code(), msg);
        if (tokenInvalidCodes.contains(answer.code())) {
            throw new OmTokenRejectedException(answer.code(), msg);
        }
        throw OmDeliveryException.rejectedByOm(answer.code(), msg);
    }

    /** After the call itself failed: a transient failure naming only what happened (the URL may carry the token). */
    public void unreachable(Exchange exchange) {
        timed(exchange);
        restoreCallerMessage(exchange);
        CallFailure failure = CallFailure.of(exchange);
        if (failure.timeout() != null) {
            throw OmDeliveryException.transientFailure(
                    "OM did not answer within " + failure.timeout().limitMillis() + " ms");
        }
        throw OmDeliveryException.transientFailure("OM unreachable (" + failure.what() + ")");
    }

    /**
     * The event as the body and the caller's headers, instead of OM's answer and its headers: a redelivery
     * runs the Kamelet again from its start (and counts attempts in a header), and what the caller keeps of
     * a record, sent or failed, is the record.
     */
    private static void restoreCallerMessage(Exchange exchange) {
        Object event = exchange.getProperty(OmDataRequest.EVENT);
        if (event != null) {
            exchange.getMessage().setBody(event);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> headers = exchange.getProperty(OmDataRequest.CALLER_HEADERS, Map.class);
        if (headers != null) {
            exchange.getMessage().setHeaders(headers);
            exchange.removeProperty(OmDataRequest.CALLER_HEADERS);
        }
    }

    private void timed(Exchange exchange) {
        Long started = exchange.getProperty(OmDataRequest.STARTED, Long.class);
        if (started != null) {
            sendLatency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }
}
