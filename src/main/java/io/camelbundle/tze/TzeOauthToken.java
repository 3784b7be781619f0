package io.camelbundle.tze;

/** A user's oauthToken as TZE issued it, with its expiry (epoch milliseconds, {@code data.expiry}). */
public record TzeOauthToken(String oauthToken, long expiry) {

    @Override
    public String toString() {
        // never print the token itself
        return "TzeOauthToken[expiry=" + expiry + "]";
    }
}
