package io.camelbundle.tze;

/**
 * One stored binding between a TZE user and the oauthToken that lets the bundle act for them. Times are
 * epoch milliseconds; 0 means "never" (not used yet, not invalid).
 *
 * @param createdAt when this oauthToken was stored (a new binding for the same person resets it)
 * @param invalidAt when TZE refused the token ({@link TzeBindingStore#markInvalid}), or 0
 * @param invalidReason why, as recorded by the caller (never a token), or null
 */
public record TzeBinding(String personId, String oauthToken, long expiresAt, long createdAt, long lastUsedAt,
        long invalidAt, String invalidReason) {

    /** True if the token may be used at {@code now}: not refused by TZE and not expired. */
    public boolean usable(long now) {
        return invalidAt == 0 && now < expiresAt;
    }

    @Override
    public String toString() {
        // never print the token itself
        return "TzeBinding[personId=" + personId + ", expiresAt=" + expiresAt + ", createdAt=" + createdAt
                + ", lastUsedAt=" + lastUsedAt + ", invalidAt=" + invalidAt + ", invalidReason=" + invalidReason + "]";
    }
}
