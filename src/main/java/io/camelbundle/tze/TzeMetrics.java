package io.camelbundle.tze;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * TZE's meters, every outcome registered up front so that a dashboard or an alert sees 0 rather than no data:
 * <ul>
 * <li>{@code bundle.tze.sends{outcome}} (Prometheus {@code bundle_tze_sends_total}): one count per person of a
 * send request, whatever triggered it: {@code sent}, {@code skipped_duplicate}, or the failure status of
 * {@link TzeSendException.Kind} ({@code unbound}, {@code binding_invalid}, {@code refused}, {@code failed}
 * after the retries, {@code error});</li>
 * <li>{@code bundle.tze.oauth.callbacks{outcome}} (Prometheus {@code bundle_tze_oauth_callbacks_total}): the
 * public OAuth callback's answers: {@code bound}, {@code refused} (before any exchange: a missing parameter or
 * an unknown, expired, reused or another person's state; a flood of these is someone probing the public
 * endpoint), {@code exchange_failed}, {@code error}.</li>
 * </ul>
 */
@ApplicationScoped
public class TzeMetrics {

    static final String SENDS = "bundle.tze.sends";
    static final String CALLBACKS = "bundle.tze.oauth.callbacks";
    static final String ERROR = "error";
    static final List<String> CALLBACK_OUTCOMES = List.of("bound", "refused", "exchange_failed", ERROR);

    private final Map<String, Counter> sends = new LinkedHashMap<>();
    private final Map<String, Counter> callbacks = new LinkedHashMap<>();

    public TzeMetrics(MeterRegistry registry) {
        for (String outcome : sendOutcomes()) {
            sends.put(outcome, Counter.builder(SENDS).tag("outcome", outcome)
                    .description("TZE messages, one per person, by outcome").register(registry));
        }
        for (String outcome : CALLBACK_OUTCOMES) {
            callbacks.put(outcome, Counter.builder(CALLBACKS).tag("outcome", outcome)
                    .description("TZE OAuth callbacks by outcome").register(registry));
        }
    }

    static List<String> sendOutcomes() {
        List<String> outcomes = new ArrayList<>(List.of("sent", TzePersonSends.SKIPPED_DUPLICATE));
        for (TzeSendException.Kind kind : TzeSendException.Kind.values()) {
            outcomes.add(kind.status());
        }
        return outcomes;
    }

    /** One person's outcome, a {@link TzeDispatch.Result#status()}; a status of no known outcome counts as error. */
    public void send(String status) {
        sends.getOrDefault(status, sends.get(ERROR)).increment();
    }

    /** One callback's outcome, one of {@link #CALLBACK_OUTCOMES}. */
    public void callback(String outcome) {
        callbacks.getOrDefault(outcome, callbacks.get(ERROR)).increment();
    }
}
