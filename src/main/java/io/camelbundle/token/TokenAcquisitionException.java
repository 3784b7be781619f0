package io.camelbundle.token;

import io.camelbundle.support.Secrets;
import io.camelbundle.support.VendorCode;

/**
 * The vendor did not hand out a token. {@link #code()} is a stable reason code for public surfaces
 * (readiness, the 503 body, the stored last error); the message is the detail for the log, with every known
 * secret masked, because it may quote the vendor's answer.
 */
public class TokenAcquisitionException extends Exception {

    /** The endpoint could not be reached or did not answer in time. */
    public static final String UNREACHABLE = "unreachable";
    /** The answer could not be read: malformed JSON, no token, no or a non-numeric lifetime. */
    public static final String BAD_ANSWER = "bad_answer";
    /** The announced lifetime is outside tokens.lifetime.min .. tokens.lifetime.max. */
    public static final String BAD_LIFETIME = "bad_lifetime";
    /** The source is not configured (e.g. no static token). */
    public static final String NOT_CONFIGURED = "not_configured";
    public static final String INTERRUPTED = "interrupted";
    /** Anything unexpected (a bug): the detail is in the log. */
    public static final String INTERNAL_ERROR = "internal_error";

    private final String code;

    public TokenAcquisitionException(String code, String detail) {
        super(Secrets.mask(detail));
        this.code = code;
    }

    public TokenAcquisitionException(String code, String detail, Throwable cause) {
        // the cause's message is not chained: HTTP client messages may quote URLs carrying secrets
        this(code, detail + (cause == null ? "" : " (" + cause.getClass().getSimpleName() + ")"));
    }

    /** {@code http_<status>} for an answer with an HTTP error status. */
    public static String httpStatus(int status) {
        return "http_" + status;
    }

    /** {@code refused:<code>} for a vendor error code in an HTTP 200 answer (see {@link VendorCode}). */
    public static String refused(Object vendorCode) {
        return VendorCode.refused(vendorCode);
    }

    /** The stable reason code: never vendor text, safe on public pages. */
    public String code() {
        return code;
    }
}
