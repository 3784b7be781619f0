package io.camelbundle.openapi;

import java.util.Set;

/**
 * What an OpenAPI V3 {@code ret} code means for the caller (docs/openapi.md): 0 success; login gone (the
 * user must log in again: never retry); bad signature (deterministic: never retry, fix the appkey or the
 * signer); transient (retry with backoff, and only calls that are safe to repeat); everything else.
 */
public enum RetClass {

    OK, LOGIN_GONE, BAD_SIGNATURE, TRANSIENT, OTHER;

    /** Rate limited: transient, but back off longer than for the others. */
    public static final int RATE_LIMITED = -6;
    public static final int BAD_SIGNATURE_CODE = -5;
    /** 1002 "请先登录" and the gateway's openkey/login checks. */
    static final Set<Integer> LOGIN_GONE_CODES = Set.of(1002, -21, -23, -24, -64, -71, -73, 1300);
    static final Set<Integer> TRANSIENT_CODES = Set.of(-58, -60, -65, 1001, RATE_LIMITED);

    public static RetClass of(int ret) {
        if (ret == 0) {
            return OK;
        }
        if (ret == BAD_SIGNATURE_CODE) {
            return BAD_SIGNATURE;
        }
        if (LOGIN_GONE_CODES.contains(ret)) {
            return LOGIN_GONE;
        }
        if (TRANSIENT_CODES.contains(ret)) {
            return TRANSIENT;
        }
        return OTHER;
    }

    public boolean retryable() {
        return this == TRANSIENT;
    }

    /**
     * The exception for a failed answer, one type per class so routes can catch them apart
     * ({@code onException}). {@code msg} is the vendor's text, shortened; it never holds our secrets.
     */
    public static OpenApiException exceptionFor(String apiPath, int ret, String msg) {
        return switch (of(ret)) {
            case LOGIN_GONE -> new OpenApiLoginGoneException(apiPath, ret, msg);
            case BAD_SIGNATURE -> new OpenApiBadSignatureException(apiPath, ret, msg);
            case TRANSIENT -> new OpenApiTransientException(apiPath, ret, msg);
            case OTHER -> new OpenApiCallException(apiPath, ret, msg);
            case OK -> throw new IllegalArgumentException("ret 0 is success, not an error");
        };
    }
}
