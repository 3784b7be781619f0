package io.camelbundle.tze;

/**
 * TZE refused the platform accessToken a message was sent with ({@code tze.token-invalid-codes}). The
 * {@code onException} of routes/tze-delivery.camel.yaml redelivers the send once, after its
 * {@code onRedelivery} (tzeTokenExpiry) compared and expired the token used, so the second attempt reads a
 * fresh one. Not a transient failure: never redelivered by the backoff rule.
 */
public class TzeTokenRejectedException extends TzeSendException {

    private static final long serialVersionUID = 1L;

    public TzeTokenRejectedException(String retCode, String retDesc) {
        super(Kind.ERROR, "TZE refused the platform accessToken (retCode " + retCode + ": " + retDesc + ")", retCode,
                retDesc);
    }
}
