package io.camelbundle.token;

/**
 * Where a named credential's access token comes from (OM client credentials, a TZE token endpoint, a static
 * secret...). Implementations only talk to the vendor; caching, locking and refresh policy belong to
 * {@link TokenControl}, so a source is never called concurrently for the same credential by one instance.
 */
public interface TokenSource {

    /** The credential name used in the database, in {@code /tokens/{credential}} and in routes. */
    String credential();

    /**
     * The vendor ({@code bundle.vendors}) this credential belongs to: a vendor not listed has no credential in
     * the central control. By default the credential's own name (om, tze).
     */
    default String vendor() {
        return credential();
    }

    /** Asks the vendor for a new token. Messages of the exception must never contain a secret. */
    IssuedToken acquire() throws TokenAcquisitionException;

    /**
     * False when this deployment does not use the vendor at all (e.g. no TZE token configured): the
     * credential is then left out of the central control, its API and its health check.
     */
    default boolean configured() {
        return true;
    }

    /**
     * Identifies the vendor endpoint and client this source gets tokens for (a hash, never a secret). A stored
     * token with another fingerprint was issued to another configuration (e.g. the sandbox of dev mode) and
     * is treated as no token.
     */
    default String fingerprint() {
        return credential();
    }
}
