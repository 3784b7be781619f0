package io.camelbundle.token;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jboss.logging.Logger;

import io.camelbundle.support.Secrets;

/**
 * The central control (中控) for access tokens, generic over named credentials.
 * <ul>
 * <li>Tokens and absolute expiry live in the shared database, so every instance serves the same token.</li>
 * <li>Inside one process a refresh is single-flight: concurrent callers share one upstream request.</li>
 * <li>Across processes a lease row makes exactly one instance the refresher; the others poll the stored
 * token for a bounded time.</li>
 * <li>A token the vendor rejects is expired only if it is still the stored one (compare-and-expire), then
 * the call is retried once.</li>
 * <li>Failed refreshes back off exponentially while the still-valid token keeps being served; an expired
 * token is never handed out.</li>
 * </ul>
 */
public class TokenControl {

    private static final Logger LOG = Logger.getLogger(TokenControl.class);

    private final TokenStore store;
    private final Map<String, TokenSource> sources;
    private final TokenPolicy policy;
    private final Clock clock;
    private final TokenListener listener;
    private final String instanceId;
    private final Map<String, Refresh> inFlight = new ConcurrentHashMap<>();
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    /** Per credential, the last token a vendor rejected: never served from memory again (one per credential). */
    private final Map<String, String> rejected = new ConcurrentHashMap<>();

    private record Cached(StoredToken token, long readAt) {
    }

    /** A refresh in progress, and the token last rejected when it began ({@link #rejected}), or null. */
    private record Refresh(CompletableFuture<StoredToken> result, String rejectedAtStart) {
    }

    public TokenControl(TokenStore store, Iterable<TokenSource> sources, TokenPolicy policy, Clock clock,
            TokenListener listener, String instanceId) {
        this.store = store;
        this.policy = policy;
        this.clock = clock;
        this.listener = listener;
        this.instanceId = instanceId;
        Map<String, TokenSource> byName = new LinkedHashMap<>();
        for (TokenSource source : sources) {
            if (byName.put(source.credential(), source) != null) {
                throw new IllegalStateException("Two token sources for credential " + source.credential());
            }
        }
        this.sources = Map.copyOf(byName);
    }

    public Set<String> credentials() {
        return sources.keySet();
    }

    /** The current valid token, refreshing on demand when none is stored. */
    public String accessToken(String credential) {
        return current(credential).accessToken();
    }

    /** The current valid token with its expiry; refreshes on demand, never returns an expired token. */
    public StoredToken current(String credential) {
        requireKnown(credential);
        StoredToken cached = cachedValid(credential);
        if (cached != null) {
            return cached;
        }
        long now = now();
        StoredToken stored = readAndCache(credential);
        if (valid(stored, now)) {
            return stored;
        }
        return refresh(credential);
    }

    /**
     * The token from this instance's memory if it was read from the store less than {@code tokens.cache-ttl}
     * ago and is still valid; otherwise (or for an unknown credential) null, and the caller goes through
     * {@link #current}. Never blocks: safe on an event-loop thread.
     */
    public StoredToken cachedValid(String credential) {
        Cached cached = credential == null ? null : cache.get(credential);
        long now = now();
        if (cached != null && now - cached.readAt() < policy.cacheTtl().toMillis() && valid(cached.token(), now)
                && !cached.token().accessToken().equals(rejected.get(credential))) {
            return cached.token();
        }
        return null;
    }

    /** What is stored right now, without triggering a refresh (health checks, metrics). */
    public StoredToken peek(String credential) {
        requireKnown(credential);
        return readOwn(credential);
    }

    /**
     * Called by the timer route: refreshes every credential whose token is missing or inside its refresh
     * window, unless a failure backoff is running. Failures are logged, never thrown, so the timer keeps
     * going.
     */
    public void refreshDue() {
        for (String credential : sources.keySet()) {
            try {
                StoredToken stored = readAndCache(credential);
                long now = now();
                if (stored.refreshDueAt(now) && !stored.inBackoffAt(now)) {
                    refresh(credential);
                }
            } catch (TokenUnavailableException e) {
                // already logged and counted where the refresh failed
            } catch (RuntimeException e) {
                LOG.errorf("Proactive refresh of credential '%s' failed: %s", credential, Secrets.mask(e.getMessage()));
            }
        }
    }

    /**
     * Compare-and-expire: the vendor rejected {@code rejectedToken}. Expires it only if it is still the
     * stored token; returns true when it did.
     */
    public boolean expireIfCurrent(String credential, String rejectedToken) {
        requireKnown(credential);
        // a read of the store racing this expiry (the refresh timer) may cache the rejected token again
        // after the removal; remembering it keeps it from being served from memory all the same
        rejected.put(credential, rejectedToken);
        cache.remove(credential);
        boolean expired = store.expireIfCurrent(credential, rejectedToken, now());
        if (expired) {
            LOG.infof("Credential '%s': the vendor rejected the stored token; expired it", credential);
            listener.expiredAfterRejection(credential);
        }
        return expired;
    }

    /**
     * Single-flight refresh: the first caller per credential does the work, later callers wait (bounded)
     * for its result. A refresh begun before a vendor rejected a token may store a token, then find it expired
     * by that rejection (seen with the refresh timer and a route at once): when it ends with the rejected token or
     * without one, the caller, whether it ran or joined it, gets one more refresh. A caller whose wait ran out
     * does not: the refresh still runs.
     */
    private StoredToken refresh(String credential) {
        for (int attempt = 1;; attempt++) {
            Refresh mine = new Refresh(new CompletableFuture<>(), rejected.get(credential));
            Refresh running = inFlight.putIfAbsent(credential, mine);
            Refresh used = running == null ? mine : running;
            StoredToken token;
            try {
                token = running == null ? runRefresh(credential, mine) : await(credential, running.result());
            } catch (TokenUnavailableException e) {
                if (attempt > 1 || !used.result().isDone() || !rejectedSince(credential, used)) {
                    throw e;
                }
                token = null;
            }
            if (token != null && (attempt > 1 || !rejectedSince(credential, used)
                    || !token.accessToken().equals(rejected.get(credential)))) {
                return token;
            }
            inFlight.remove(credential, used); // ended: its owner may not have removed it yet
        }
    }

    private boolean rejectedSince(String credential, Refresh refresh) {
        return !Objects.equals(refresh.rejectedAtStart(), rejected.get(credential));
    }

    private StoredToken runRefresh(String credential, Refresh mine) {
        try {
            StoredToken result = refreshAcrossInstances(credential);
            mine.result().complete(result);
            return result;
        } catch (RuntimeException e) {
            mine.result().completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(credential, mine);
        }
    }

    private StoredToken await(String credential, CompletableFuture<StoredToken> running) {
        try {
            return running.get(policy.waitTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new TokenUnavailableException(credential,
                    "a refresh is in progress and did not finish within " + policy.waitTimeout());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new TokenUnavailableException(credential,
                    "refresh failed: " + TokenAcquisitionException.INTERNAL_ERROR);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenUnavailableException(credential, "interrupted while waiting for a refresh");
        }
    }

    /**
     * Takes the lease or waits for the instance holding it. After taking the lease the row is read again:
     * another instance may have refreshed between our decision and our lease, and then there is nothing
     * to do (this is what keeps it to one upstream request per refresh window).
     */
    private StoredToken refreshAcrossInstances(String credential) {
        store.ensureRow(credential);
        // the wait is bounded in real time, whatever clock the token times are measured with
        long deadline = System.nanoTime() + policy.waitTimeout().toNanos();
        while (true) {
            long now = now();
            if (store.tryAcquireLease(credential, instanceId, now, now + policy.leaseDuration().toMillis())) {
                return refreshHoldingLease(credential);
            }
            StoredToken stored = readAndCache(credential);
            if (valid(stored, now()) && !stored.refreshDueAt(now())) {
                return stored;
            }
            if (System.nanoTime() - deadline >= 0) {
                if (valid(stored, now())) {
                    return stored; // another instance is still refreshing; the current token is good
                }
                throw new TokenUnavailableException(credential,
                        "another instance holds the refresh lease and no valid token appeared within "
                                + policy.waitTimeout());
            }
            sleep(policy.pollInterval().toMillis());
        }
    }

    private StoredToken refreshHoldingLease(String credential) {
        StoredToken stored = readAndCache(credential);
        long now = now();
        if (valid(stored, now) && !stored.refreshDueAt(now)) {
            store.releaseLease(credential, instanceId);
            return stored;
        }
        if (stored.inBackoffAt(now)) {
            store.releaseLease(credential, instanceId);
            return servableOrFail(stored, now, "the last refresh failed (" + stored.lastError()
                    + "); next attempt in " + (stored.nextAttemptAt() - now) + " ms");
        }
        // the lifetime counts from before the request: the vendor's clock started no later than that
        long requestedAt = now();
        TokenSource source = sources.get(credential);
        IssuedToken issued;
        try {
            issued = source.acquire();
            Secrets.issued(issued.accessToken());
            if (issued.accessToken().length() > TokenStore.MAX_TOKEN_LENGTH) {
                // refused here: the database would refuse it with a message quoting the token's start
                throw new TokenAcquisitionException(TokenAcquisitionException.BAD_ANSWER, "the access token has "
                        + issued.accessToken().length() + " characters; the token store holds at most "
                        + TokenStore.MAX_TOKEN_LENGTH);
            }
            if (!policy.acceptsLifetime(issued.lifetime())) {
                throw new TokenAcquisitionException(TokenAcquisitionException.BAD_LIFETIME, "the announced lifetime "
                        + issued.lifetime().getSeconds() + " s is outside tokens.lifetime.min .. tokens.lifetime.max ("
                        + policy.lifetimeMin().getSeconds() + " .. " + policy.lifetimeMax().getSeconds() + " s)");
            }
        } catch (TokenAcquisitionException | RuntimeException e) {
            // public surfaces (readiness, the 503 body, the stored row) get the code; the log gets the detail
            String code = e instanceof TokenAcquisitionException tae ? tae.code()
                    : TokenAcquisitionException.INTERNAL_ERROR;
            String detail = e instanceof TokenAcquisitionException ? e.getMessage()
                    : "unexpected " + e.getClass().getSimpleName() + ": " + Secrets.mask(e.getMessage());
            long failedAt = now();
            long backoff = policy.backoffMillis(stored.failures() + 1);
            store.recordFailure(credential, instanceId, code, failedAt, failedAt + backoff);
            listener.refreshFailed(credential, code);
            LOG.warnf("Credential '%s': token refresh failed (%s: %s); attempt %d, next in %d ms%s", credential, code,
                    detail, stored.failures() + 1, backoff,
                    valid(stored, failedAt) ? "; still serving the current token" : "; no valid token");
            return servableOrFail(stored, failedAt, "refresh failed: " + code);
        }
        long issuedAt = requestedAt;
        long lifetime = issued.lifetime().toMillis();
        long expiresAt = issuedAt + lifetime;
        long refreshAt = expiresAt - policy.refreshLeadMillis(lifetime);
        if (!store.storeToken(credential, instanceId, issued.accessToken(), source.fingerprint(), issuedAt, expiresAt,
                refreshAt)) {
            LOG.warnf("Credential '%s': lost the refresh lease while fetching; the new token was discarded",
                    credential);
        } else {
            listener.refreshed(credential, lifetime);
            LOG.infof("Credential '%s': new token stored, valid for %d s", credential, lifetime / 1000);
        }
        StoredToken fresh = readAndCache(credential);
        return servableOrFail(fresh, now(), "the refreshed token was not stored");
    }

    private StoredToken servableOrFail(StoredToken token, long now, String reason) {
        if (valid(token, now)) {
            return token;
        }
        throw new TokenUnavailableException(token.credential(), reason);
    }

    private StoredToken readAndCache(String credential) {
        StoredToken stored = readOwn(credential);
        cache.put(credential, new Cached(stored, now()));
        return stored;
    }

    /**
     * The stored row as this instance may use it: a token issued for another endpoint or client (another
     * fingerprint, e.g. dev mode's sandbox token in the same data folder) counts as no token.
     */
    private StoredToken readOwn(String credential) {
        StoredToken stored = store.read(credential).orElseGet(() -> emptyRow(credential));
        if (stored.accessToken() != null && !sources.get(credential).fingerprint().equals(stored.fingerprint())) {
            return stored.withoutToken();
        }
        // a token another instance (or this one before a restart) fetched is as secret as one fetched here
        Secrets.issued(stored.accessToken());
        return stored;
    }

    private boolean valid(StoredToken token, long now) {
        return token.validAt(now, policy.minRemaining().toMillis());
    }

    private void requireKnown(String credential) {
        if (!sources.containsKey(credential)) {
            throw new UnknownCredentialException(credential, sources.keySet());
        }
    }

    private static StoredToken emptyRow(String credential) {
        return new StoredToken(credential, null, 0, 0, 0, 0, 0, 0, null, null);
    }

    private long now() {
        return clock.millis();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the refresh lease", e);
        }
    }
}
