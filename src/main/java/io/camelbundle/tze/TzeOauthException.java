package io.camelbundle.tze;

import io.camelbundle.support.Secrets;

/**
 * The oauthCode could not be exchanged for an oauthToken. The message is safe to log: it never contains the
 * platform accessToken, the oauthCode or a token ({@code retDesc} is quoted with them masked).
 */
public class TzeOauthException extends Exception {

    /** What went wrong, so a caller can decide between "ask the user to log in again" and "try later". */
    public enum Kind {
        /** {@code tze.access-token} is not set: a deployment problem. */
        NOT_CONFIGURED,
        /** TZE answered a retCode other than 000000 (e.g. the code was already used or expired). */
        REFUSED,
        /**
         * TZE refused the platform accessToken ({@code tze.token-invalid-codes}) even after it was expired and
         * fetched again: a deployment problem, not the user's.
         */
        ACCESS_TOKEN_REFUSED,
        /** An HTTP status other than 200. */
        HTTP_STATUS,
        /** No answer within the timeout. */
        TIMEOUT,
        /** Connection refused, DNS, TLS... */
        UNREACHABLE,
        /** The answer is not the documented JSON. */
        MALFORMED
    }

    private final Kind kind;
    private final int httpStatus;
    private final String retCode;
    private final String retDesc;

    public TzeOauthException(Kind kind, String message) {
        this(kind, message, 0, null, null);
    }

    public TzeOauthException(Kind kind, String message, int httpStatus, String retCode, String retDesc) {
        super(Secrets.mask(message));
        this.kind = kind;
        this.httpStatus = httpStatus;
        this.retCode = retCode;
        this.retDesc = retDesc;
    }

    /** The HTTP status for {@link Kind#HTTP_STATUS}, else 0. */
    public int httpStatus() {
        return httpStatus;
    }

    public Kind kind() {
        return kind;
    }

    /** TZE's retCode when it refused, else null. */
    public String retCode() {
        return retCode;
    }

    /** TZE's retDesc (masked, shortened) when it refused, else null. */
    public String retDesc() {
        return retDesc;
    }

    /**
     * True for failures where asking again may help (no answer, HTTP 5xx). An oauthCode is single-use: if
     * TZE consumed it before the answer was lost, the retry is refused, which is still the right outcome.
     */
    public boolean transientFailure() {
        return kind == Kind.TIMEOUT || kind == Kind.UNREACHABLE
                || (kind == Kind.HTTP_STATUS && httpStatus >= 500);
    }
}
