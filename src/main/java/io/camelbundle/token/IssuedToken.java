package io.camelbundle.token;

import java.time.Duration;
import java.util.Objects;

/** A token as the vendor issued it: the value and the lifetime the vendor announced. */
public record IssuedToken(String accessToken, Duration lifetime) {

    public IssuedToken {
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(lifetime, "lifetime");
        if (accessToken.isBlank()) {
            throw new IllegalArgumentException("accessToken is blank");
        }
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("lifetime must be positive, was " + lifetime);
        }
    }

    @Override
    public String toString() {
        // never print the token itself
        return "IssuedToken[lifetime=" + lifetime + "]";
    }
}
