package io.camelbundle.tze;

import java.util.function.Supplier;

import io.camelbundle.token.TokenUnavailableException;

/**
 * The TZE platform accessToken ({@code ?accessToken=} on every call), as credential {@code tze} of the token
 * central control; null when TZE is not configured. May throw {@link TokenUnavailableException} when no valid
 * token can be had right now.
 */
@FunctionalInterface
public interface TzeAccessToken extends Supplier<String> {

    /** Builds the caller's own failure when there is no token for a call. */
    @FunctionalInterface
    interface Missing<E extends Exception> {
        /**
         * @param transientNow true when the central control has no token right now (a later try may have one),
         *                     false when TZE is not configured
         * @param message      says which, naming no token
         */
        E failure(boolean transientNow, String message);
    }

    /** The token for a call; without one, nothing is sent and the caller's failure is thrown. */
    default <E extends Exception> String forCall(Missing<E> missing) throws E {
        String token;
        try {
            token = get();
        } catch (TokenUnavailableException e) {
            throw missing.failure(true, "no TZE platform accessToken right now: " + e.reason());
        }
        if (token == null || token.isBlank()) {
            throw missing.failure(false, "tze.access-token is not configured");
        }
        return token;
    }
}
