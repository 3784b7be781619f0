package io.camelbundle.om;

import io.camelbundle.support.Secrets;

/**
 * An event could not be delivered. {@link #transientFailure()} says whether trying again may help (HTTP
 * 5xx, 429, timeouts, connection errors) or not (OM answered a non-zero code). Never carries a token.
 */
public class OmDeliveryException extends RuntimeException {

    private final boolean transientFailure;
    private final String omCode;

    protected OmDeliveryException(String message, boolean transientFailure, String omCode) {
        super(Secrets.mask(message));
        this.transientFailure = transientFailure;
        this.omCode = omCode;
    }

    public static OmDeliveryException transientFailure(String message) {
        return new OmDeliveryException(message, true, null);
    }

    public static OmDeliveryException rejectedByOm(String code, String msg) {
        return new OmDeliveryException("OM answered code " + code + ": " + msg, false, code);
    }

    public boolean transientFailure() {
        return transientFailure;
    }

    /** OM's answer code for a permanent failure, null for transient ones. */
    public String omCode() {
        return omCode;
    }
}
