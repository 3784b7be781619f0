package io.camelbundle.token;

/** Observes the token life cycle (metrics, logs). Implementations must be cheap and never throw. */
public interface TokenListener {

    TokenListener NONE = new TokenListener() {
    };

    default void refreshed(String credential, long lifetimeMillis) {
    }

    default void refreshFailed(String credential, String reason) {
    }

    default void expiredAfterRejection(String credential) {
    }
}
