package io.camelbundle.tze;

import io.camelbundle.support.Secrets;

/**
 * One message could not be delivered to one person. The message is safe to log (no token). Only
 * {@link Kind#TRANSIENT} is worth retrying; routes/tze-delivery.camel.yaml does that with Camel redelivery.
 */
public class TzeSendException extends Exception {

    /** What went wrong, which is also the per-person result status. */
    public enum Kind {
        /** Never bound, unbound, expired or marked invalid: the person must authorise again. No retry. */
        UNBOUND("unbound"),
        /** TZE refused the person's oauthToken: the binding is now marked invalid. No retry. */
        BINDING_INVALID("binding_invalid"),
        /** TZE answered another retCode: dead-lettered with retDesc. No retry. */
        REFUSED("refused"),
        /** HTTP 5xx, timeout, connection failure: retried with backoff, dead-lettered when retries run out. */
        TRANSIENT("failed"),
        /** No platform accessToken, HTTP 4xx, an unreadable answer: a configuration or vendor problem. No retry. */
        ERROR("error");

        private final String status;

        Kind(String status) {
            this.status = status;
        }

        /** The result status reported per person. */
        public String status() {
            return status;
        }
    }

    private final Kind kind;
    private final String retCode;
    private final String retDesc;

    public TzeSendException(Kind kind, String message) {
        this(kind, message, null, null);
    }

    public TzeSendException(Kind kind, String message, String retCode, String retDesc) {
        super(Secrets.mask(message));
        this.kind = kind;
        this.retCode = retCode;
        this.retDesc = retDesc;
    }

    public Kind kind() {
        return kind;
    }

    public String retCode() {
        return retCode;
    }

    public String retDesc() {
        return retDesc;
    }

    /** For the route configuration's {@code onWhen}. */
    public boolean transientFailure() {
        return kind == Kind.TRANSIENT;
    }
}
