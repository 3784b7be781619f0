package io.camelbundle.token;

import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Prometheus metrics per credential: {@code bundle_token_refreshes_total},
 * {@code bundle_token_refresh_failures_total}, {@code bundle_token_rejections_total},
 * {@code bundle_token_expires_in_seconds} (negative once expired, read from the shared store) and
 * {@code bundle_token_served_total} (tokens handed out by {@code GET /tokens/{credential}}, tagged {@code via}:
 * {@code event-loop} from memory, {@code route} through routes/tokens-api.camel.yaml).
 */
@ApplicationScoped
public class TokenMetrics implements TokenListener {

    /** Which path of {@code GET /tokens/{credential}} answered: the {@code via} tag. */
    enum Via {
        /** {@link TokenApiFastPath}, from memory. */
        EVENT_LOOP("event-loop"),
        /** routes/tokens-api.camel.yaml. */
        ROUTE("route");

        final String tag;

        Via(String tag) {
            this.tag = tag;
        }
    }

    private final MeterRegistry registry;
    private final Instance<TokenControl> control;
    private final Clock clock;
    private final Set<String> gauges = ConcurrentHashMap.newKeySet();
    private final Map<Via, Map<String, Counter>> served = new EnumMap<>(
            Map.of(Via.EVENT_LOOP, new ConcurrentHashMap<>(), Via.ROUTE, new ConcurrentHashMap<>()));

    TokenMetrics(MeterRegistry registry, Instance<TokenControl> control, Clock clock) {
        this.registry = registry;
        this.control = control;
        this.clock = clock;
    }

    /** Registers the expiry gauge of each credential; called once the control exists. */
    public void registerGauges(Iterable<String> credentials) {
        for (String credential : credentials) {
            if (gauges.add(credential)) {
                Gauge.builder("bundle.token.expires.in.seconds", () -> secondsLeft(credential))
                        .tag("credential", credential)
                        .description("Seconds until the stored token of this credential expires")
                        .register(registry);
            }
        }
    }

    private double secondsLeft(String credential) {
        try {
            StoredToken token = control.get().peek(credential);
            return token.accessToken() == null ? -1 : (token.expiresAt() - clock.millis()) / 1000.0;
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    /** A 200 answer of the tokens API. */
    void served(String credential, Via via) {
        // looked up once per credential: this runs on the event loop for every cached answer
        served.get(via).computeIfAbsent(credential,
                c -> registry.counter("bundle.token.served", "credential", c, "via", via.tag)).increment();
    }

    @Override
    public void refreshed(String credential, long lifetimeMillis) {
        registry.counter("bundle.token.refreshes", "credential", credential).increment();
    }

    @Override
    public void refreshFailed(String credential, String reason) {
        registry.counter("bundle.token.refresh.failures", "credential", credential).increment();
    }

    @Override
    public void expiredAfterRejection(String credential) {
        registry.counter("bundle.token.rejections", "credential", credential).increment();
    }
}
