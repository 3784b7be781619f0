package io.camelbundle.tze;

/** An OAuth callback refused before anything was exchanged; the message is the page's text for the browser. */
public class TzeOauthRefusal extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TzeOauthRefusal(String pageText) {
        super(pageText, null, false, false);
    }
}
