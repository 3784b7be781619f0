package io.camelbundle.token;

/** No valid token can be had for a credential right now. Never carries a secret. */
public class TokenUnavailableException extends RuntimeException {

    private final String credential;

    public TokenUnavailableException(String credential, String reason) {
        super("No valid access token for credential '" + credential + "': " + reason);
        this.credential = credential;
    }

    public String credential() {
        return credential;
    }

    /** The reason without the "no valid token" prefix, for JSON error bodies. */
    public String reason() {
        String message = getMessage();
        return message.substring(message.indexOf("': ") + 3);
    }
}
