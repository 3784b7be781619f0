package io.camelbundle.openapi;

/**
 * A failure worth retrying with backoff, for calls that are safe to repeat: a transient {@code ret}
 * (-58, -60, -65, 1001, -6 rate limited) or no usable answer at all (timeout, connection error, HTTP 5xx),
 * in which case {@link #ret()} is null.
 */
public class OpenApiTransientException extends OpenApiException {

    public OpenApiTransientException(String apiPath, int ret, String msg) {
        super(apiPath, ret, msg);
    }

    /** No answer: {@code reason} names what happened (e.g. "timed out after PT3S"), never a URL. */
    public OpenApiTransientException(String apiPath, String reason) {
        super(apiPath, null, reason);
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
