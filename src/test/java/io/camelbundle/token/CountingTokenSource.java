package io.camelbundle.token;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;

/** A token source that counts its calls, can be slowed down and can be told to fail the next calls. */
class CountingTokenSource implements TokenSource {

    private final String credential;
    private final AtomicInteger calls = new AtomicInteger();
    private final Deque<String> failures = new ArrayDeque<>();
    private volatile Duration lifetime = Duration.ofHours(2);
    private volatile long delayMillis;
    private volatile String fingerprint;
    private volatile int padTo;

    CountingTokenSource(String credential) {
        this.credential = credential;
    }

    @Override
    public String credential() {
        return credential;
    }

    @Override
    public IssuedToken acquire() throws TokenAcquisitionException {
        int n = calls.incrementAndGet();
        if (delayMillis > 0) {
            try {
                Thread.sleep(delayMillis); // simulates upstream latency so concurrent callers really overlap
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        String failure;
        synchronized (failures) {
            failure = failures.poll();
        }
        if (failure != null) {
            // the reason doubles as the code, so tests can see what reached the public surfaces
            throw new TokenAcquisitionException(failure, "detail: " + failure);
        }
        String token = credential + "-token-" + n;
        return new IssuedToken(token + "x".repeat(Math.max(0, padTo - token.length())), lifetime);
    }

    @Override
    public String fingerprint() {
        return fingerprint == null ? credential : fingerprint;
    }

    /** As if the instance were configured for another endpoint or client. */
    void fingerprint(String fingerprint) {
        this.fingerprint = fingerprint;
    }

    void failNext(String... reasons) {
        synchronized (failures) {
            failures.addAll(java.util.List.of(reasons));
        }
    }

    /** Tokens of this many characters from now on (padded with x). */
    void tokenLength(int length) {
        this.padTo = length;
    }

    void lifetime(Duration lifetime) {
        this.lifetime = lifetime;
    }

    void delay(long millis) {
        this.delayMillis = millis;
    }

    int calls() {
        return calls.get();
    }
}
