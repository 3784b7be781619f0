package io.camelbundle.token;

/** The vendor did not hand out a token. The message is safe to log: it never contains a secret. */
public class TokenAcquisitionException extends Exception {

    public TokenAcquisitionException(String message) {
        super(message);
    }

    public TokenAcquisitionException(String message, Throwable cause) {
        // the cause's message is not chained: HTTP client messages may quote URLs carrying secrets
        super(message + (cause == null ? "" : " (" + cause.getClass().getSimpleName() + ")"));
    }
}
