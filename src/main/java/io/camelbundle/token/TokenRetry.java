package io.camelbundle.token;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;

/**
 * The {@code retryWhile} of a call whose vendor refused its access token (om-delivery.camel.yaml,
 * tze-delivery.camel.yaml): true the first time for an exchange, then false, so the call is sent once more
 * with a fresh token and a second refusal is final. A {@code maximumRedeliveries} of 1 counted the exchange's
 * earlier transient redeliveries too: a vendor unreachable for a moment, then refusing a token it had forgotten
 * (a restart), used up the one token retry before it was tried and the event was dead-lettered as refused.
 * Once per exchange, not per refused token: a vendor refusing every token must not be asked for ever. The file
 * drops and queues send each event on an exchange of its own; a route sending several on one exchange gets the
 * retry for its first refusal only.
 */
@ApplicationScoped
@Named("tokenRetry")
public class TokenRetry {

    /** Exchange property marking that the token retry was taken. */
    public static final String TAKEN = "BundleTokenRetryTaken";

    /** Whether this refusal is the exchange's first: then it is retried, once. */
    public boolean first(Exchange exchange) {
        if (exchange.getProperty(TAKEN, false, Boolean.class)) {
            return false;
        }
        exchange.setProperty(TAKEN, true);
        return true;
    }
}
