package io.camelbundle.tze;

import java.util.function.Predicate;
import java.util.function.Supplier;

import io.camelbundle.token.TokenControl.TokenCall;

/**
 * The TZE platform accessToken ({@code ?accessToken=} on every call), as credential {@code tze} of the token
 * central control; null when TZE is not configured. May throw
 * {@link io.camelbundle.token.TokenUnavailableException} when no valid token can be had right now.
 */
@FunctionalInterface
public interface TzeAccessToken extends Supplier<String> {

    /**
     * Runs {@code call} with the token (null when not configured). When {@code tokenRejected} says TZE refused the
     * token, the token central control compares-and-expires it, gets a valid one (refreshing if needed) and runs
     * the call exactly once more, returning the second answer whatever it is: never a loop. This default, for a
     * plain supplier without a central control, calls once.
     */
    default <T, E extends Exception> T withToken(TokenCall<T, E> call, Predicate<T> tokenRejected) throws E {
        return call.apply(get());
    }
}
