package io.camelbundle.tze;

/**
 * An OAuth callback refused before anything was exchanged; the message is the page's text for the browser, the
 * reason what the log says (the person's reason to log in again, for an operator asked why).
 */
public class TzeOauthRefusal extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String reason;

    public TzeOauthRefusal(String pageText, String reason) {
        super(pageText, null, false, false);
        this.reason = reason;
    }

    /** Why, for the log: e.g. "state expired"; never a secret (the state and the code are not in it). */
    public String reason() {
        return reason;
    }
}
