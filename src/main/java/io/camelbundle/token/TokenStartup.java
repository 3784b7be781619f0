package io.camelbundle.token;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;

/** Registers per-credential gauges and remembers when the process started (token health check grace period). */
@ApplicationScoped
public class TokenStartup {

    private volatile long startedAt = System.currentTimeMillis();

    void onStart(@Observes StartupEvent event, TokenControl control, TokenMetrics metrics) {
        startedAt = System.currentTimeMillis();
        metrics.registerGauges(control.credentials());
    }

    public long startedAt() {
        return startedAt;
    }
}
