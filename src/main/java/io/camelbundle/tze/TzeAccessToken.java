package io.camelbundle.tze;

import java.util.function.Supplier;

/**
 * The TZE platform accessToken ({@code ?accessToken=} on every call), as credential {@code tze} of the token
 * central control; null when TZE is not configured. May throw
 * {@link io.camelbundle.token.TokenUnavailableException} when no valid token can be had right now.
 */
@FunctionalInterface
public interface TzeAccessToken extends Supplier<String> {
}
