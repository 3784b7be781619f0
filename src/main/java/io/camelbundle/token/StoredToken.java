package io.camelbundle.token;

/**
 * One row of {@code token_state}. Times are epoch milliseconds. A row without a token has
 * {@code accessToken == null} and {@code expiresAt == 0}. {@code fingerprint} identifies the endpoint and client
 * the token was issued for ({@link TokenSource#fingerprint()}). {@code lastError} is a reason code, never
 * vendor text.
 */
public record StoredToken(
        String credential,
        String accessToken,
        long version,
        long issuedAt,
        long expiresAt,
        long refreshAt,
        int failures,
        long nextAttemptAt,
        String lastError,
        String fingerprint) {

    /** The same row without its token: what an instance configured for another endpoint or client sees. */
    public StoredToken withoutToken() {
        return new StoredToken(credential, null, version, 0, 0, 0, failures, nextAttemptAt, lastError, fingerprint);
    }

    /** Valid if it exists and still has at least {@code minRemainingMillis} to live at {@code now}. */
    public boolean validAt(long now, long minRemainingMillis) {
        return accessToken != null && expiresAt - now > minRemainingMillis;
    }

    public boolean refreshDueAt(long now) {
        return accessToken == null || now >= refreshAt;
    }

    public boolean inBackoffAt(long now) {
        return now < nextAttemptAt;
    }

    @Override
    public String toString() {
        return "StoredToken[credential=" + credential + ", version=" + version + ", expiresAt=" + expiresAt
                + ", refreshAt=" + refreshAt + ", failures=" + failures + "]";
    }
}
