package io.camelbundle.token;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to refresh, how long to wait, how to back off. Plain values so {@link TokenControl} can be built
 * without CDI in tests; {@link TokenConfig} maps the {@code tokens.*} configuration onto it.
 *
 * @param marginMin     refresh at least this long before expiry (default 10 minutes)
 * @param marginRatio   ... or this share of the lifetime if larger (default 0.1)
 * @param jitter        plus a random extra of up to this much, so instances and credentials spread out
 * @param minRemaining  a token with less time left than this is never handed out
 * @param waitTimeout   how long a caller waits for a refresh running elsewhere (default 5 s)
 * @param leaseDuration how long one instance may hold the refresher lease
 * @param retryInitial  first backoff after a failed refresh; doubles per failure
 * @param retryMax      backoff ceiling
 * @param cacheTtl      how long an instance serves a token from memory before re-reading the database
 * @param pollInterval  how often a waiting caller re-reads the database
 * @param lifetimeMin   a token announced with a shorter lifetime is refused (a failed refresh): it would be
 *                      refreshed by nearly every call
 * @param lifetimeMax   ... and with a longer one too: it is a broken answer, not a token to keep for ages
 */
public record TokenPolicy(
        Duration marginMin,
        double marginRatio,
        Duration jitter,
        Duration minRemaining,
        Duration waitTimeout,
        Duration leaseDuration,
        Duration retryInitial,
        Duration retryMax,
        Duration cacheTtl,
        Duration pollInterval,
        Duration lifetimeMin,
        Duration lifetimeMax) {

    public static TokenPolicy defaults() {
        return new TokenPolicy(Duration.ofMinutes(10), 0.1, Duration.ofSeconds(30), Duration.ofSeconds(1),
                Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofMinutes(5),
                Duration.ofSeconds(1), Duration.ofMillis(50), Duration.ofSeconds(60), Duration.ofDays(30));
    }

    /** True if a token announced with this lifetime may be stored. */
    public boolean acceptsLifetime(Duration lifetime) {
        return lifetime.compareTo(lifetimeMin) >= 0 && lifetime.compareTo(lifetimeMax) <= 0;
    }

    /**
     * Milliseconds before expiry at which a token of this lifetime is refreshed: the larger of
     * {@code marginMin} and {@code marginRatio * lifetime}, never more than half the lifetime (a
     * short-lived token would otherwise be refreshed the moment it arrives), plus jitter capped at a tenth
     * of the lifetime.
     */
    public long refreshLeadMillis(long lifetimeMillis) {
        long margin = Math.max(marginMin.toMillis(), (long) (marginRatio * lifetimeMillis));
        margin = Math.min(margin, lifetimeMillis / 2);
        long maxJitter = Math.min(jitter.toMillis(), lifetimeMillis / 10);
        long extra = maxJitter <= 0 ? 0 : ThreadLocalRandom.current().nextLong(maxJitter + 1);
        return margin + extra;
    }

    /** Backoff after {@code failures} consecutive failures (1 = first), with +-20 % jitter. */
    public long backoffMillis(int failures) {
        long base = retryInitial.toMillis();
        int shift = Math.min(Math.max(failures - 1, 0), 30);
        long delay = Math.min(retryMax.toMillis(), base << shift);
        if (delay < 0) {
            delay = retryMax.toMillis();
        }
        long spread = delay / 5;
        return spread <= 0 ? delay : delay - spread + ThreadLocalRandom.current().nextLong(2 * spread + 1);
    }
}
