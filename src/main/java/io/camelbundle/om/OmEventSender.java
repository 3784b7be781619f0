package io.camelbundle.om;

import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

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

    private final TokenControl tokens;
    private final OmDataClient client;
    private final Set<String> tokenInvalidCodes;
    private final Timer sendLatency;

    public OmEventSender(TokenControl tokens, OmDataClient client, Set<String> tokenInvalidCodes, MeterRegistry registry) {
        this.tokens = tokens;
        this.client = client;
        this.tokenInvalidCodes = Set.copyOf(tokenInvalidCodes);
        this.sendLatency = Timer.builder("bundle.om.send").description("Time of one OM data return request")
                .publishPercentileHistogram().register(registry);
    }

    /** Sends the event; returns normally only when OM answered code 0. */
    public void send(String msg) {
        OmAnswer answer = tokens.withToken(OmTokenSource.CREDENTIAL, token -> timedSend(token, msg),
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
