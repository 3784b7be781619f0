package io.camelbundle.openapi;

/**
 * A failure worth retrying with backoff, for calls that are safe to repeat: a transient {@code ret}
 * (-58, -60, -65, 1001, -6 rate limited) or no usable answer at all (timeout, connection error, HTTP 5xx),
 * in which case {@link #ret()} is null.
 */
public class OpenApiTransientException extends OpenApiException {

    public OpenApiTransientException(String apiPath, int ret, String msg) {
        super(apiPath, ret, msg);
        this.timedOut = false;
    }

    private final boolean timedOut;

    /** No answer: {@code reason} names what happened (e.g. "timed out after PT3S"), never a URL. */
    public OpenApiTransientException(String apiPath, String reason) {
        this(apiPath, reason, false);
    }

    /** No answer; {@code timedOut}: none within the timeout (as opposed to a refused, failed or garbled one). */
    public OpenApiTransientException(String apiPath, String reason, boolean timedOut) {
        super(apiPath, null, reason);
        this.timedOut = timedOut;
    }

    @Override
    public boolean timedOut() {
        return timedOut;
    }

    /** Rate limited (-6): callers back off longer. */
    public boolean rateLimited() {
        return ret() != null && ret() == RetClass.RATE_LIMITED;
    }

    @Override
    public RetClass retClass() {
        return RetClass.TRANSIENT;
    }
}
