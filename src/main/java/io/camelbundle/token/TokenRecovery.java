package io.camelbundle.token;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Fetches a missing token in the background when the readiness check finds one, on any replica.
 * <p>
 * Why: the proactive refresh runs on the leader only (the singleton route token-refresh), on its own
 * schedule, while a missing token makes readiness DOWN on every replica at once (they share the store) and
 * callers get 503 until it is back. (With Camel's former controller only Ready pods could lead, so nobody
 * would have fetched it at all; the Lease election no longer looks at readiness.) Each readiness probe
 * therefore asks for an on-demand refresh; {@link TokenControl#refreshDue()} keeps it safe to do so from
 * every replica: one refresher across instances (database lease), none while the shared failure backoff
 * runs, and never more than one run at a time in this process.
 */
@ApplicationScoped
public class TokenRecovery {

    private final TokenControl control;
    private final AtomicBoolean running = new AtomicBoolean();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "token-recovery");
        t.setDaemon(true);
        return t;
    });

    public TokenRecovery(TokenControl control) {
        this.control = control;
    }

    /** Starts one background refresh of the due credentials unless one is running already; never blocks. */
    public void kick() {
        if (running.compareAndSet(false, true)) {
            worker.execute(() -> {
                try {
                    control.refreshDue();
                } finally {
                    running.set(false);
                }
            });
        }
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }
}
