package io.camelbundle.om;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.camelbundle.token.TokenControl;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Sends one normalised event ({@code msg} JSON) to OM with the central token. A token OM calls invalid is
 * compared-and-expired and the event re-sent once; transient failures are thrown for the routes'
 * redelivery policy (routes/om-delivery.camel.yaml) to retry; any other non-zero code is permanent.
 */
public class OmEventSender {

    private static final Logger LOG = Logger.getLogger(OmEventSender.class);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TokenControl tokens;
    private final OmEventNormalizer normalizer;
    private final OmDataClient client;
    private final Set<String> tokenInvalidCodes;
    private final Timer sendLatency;

    public OmEventSender(TokenControl tokens, OmEventNormalizer normalizer, OmDataClient client,
            Set<String> tokenInvalidCodes, MeterRegistry registry) {
        this.tokens = tokens;
        this.normalizer = normalizer;
        this.client = client;
        this.tokenInvalidCodes = Set.copyOf(tokenInvalidCodes);
        this.sendLatency = Timer.builder("bundle.om.send").description("Time of one OM data return request")
                .publishPercentileHistogram().register(registry);
    }

    /**
     * Reports one event given as a {@link NormalizedEvent}, a JSON object text or a map: normalises and
     * validates it (an invalid event fails with {@link OmEventRejectedException} naming every problem and
     * nothing is sent), then sends it.
     */
    public void report(Object event) {
        NormalizedEvent normalized = event instanceof NormalizedEvent n ? n : normalize(event);
        send(normalized.msg());
    }

    private NormalizedEvent normalize(Object event) {
        Map<String, Object> fields;
        if (event instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            Map<String, Object> typed = (Map<String, Object>) map;
            fields = typed;
        } else if (event instanceof String text) {
            try {
                fields = JSON.readValue(text, new TypeReference<Map<String, Object>>() {
                });
            } catch (JsonProcessingException e) {
                throw new OmEventRejectedException(java.util.List.of("record: not a JSON object"));
            }
            if (fields == null) {
                throw new OmEventRejectedException(java.util.List.of("record: not a JSON object"));
            }
        } else {
            throw new OmEventRejectedException(java.util.List.of("record: expected a JSON object, got "
                    + (event == null ? "nothing" : event.getClass().getSimpleName())));
        }
        NormalizationResult result = normalizer.normalize(fields);
        if (result instanceof Rejection rejection) {
            throw new OmEventRejectedException(rejection.messages());
        }
        return (NormalizedEvent) result;
    }

    /** Sends an already normalised {@code msg}; returns normally only when OM answered code 0. */
    public void send(String msg) {
        OmAnswer answer = tokens.withToken(OmTokenRequest.CREDENTIAL, token -> timedSend(token, msg),
                a -> tokenInvalidCodes.contains(a.code()));
        if (!answer.success()) {
            LOG.debugf("OM refused an event: code %s (%s)", answer.code(), answer.msg());
            throw OmDeliveryException.rejectedByOm(answer.code(), answer.msg());
        }
    }

    private OmAnswer timedSend(String token, String msg) {
        long start = System.nanoTime();
        try {
            return client.send(token, msg);
        } finally {
            sendLatency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }
}
