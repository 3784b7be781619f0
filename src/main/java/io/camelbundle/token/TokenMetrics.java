package io.camelbundle.token;

import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Prometheus metrics per credential: {@code bundle_token_refreshes_total},
 * {@code bundle_token_refresh_failures_total}, {@code bundle_token_rejections_total} and
 * {@code bundle_token_expires_in_seconds} (negative once expired, read from the shared store).
 */
@ApplicationScoped
public class TokenMetrics implements TokenListener {

    private final MeterRegistry registry;
    private final Instance<TokenControl> control;
    private final Clock clock;
    private final Set<String> gauges = ConcurrentHashMap.newKeySet();

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
