package io.camelbundle.openapi;

import io.camelbundle.support.Secrets;

/**
 * An OpenAPI V3 call failed. Carries the API path, the {@code ret} code (null when no answer was read, e.g.
 * a timeout) and the vendor's {@code msg}. The message never contains request parameters: openkeys and the
 * sig stay out of logs and error bodies.
 */
public abstract class OpenApiException extends RuntimeException {

    private static final int MAX_MSG = 200;

    private final String apiPath;
    private final Integer ret;
    private final String msg;
    private volatile String answer;

    protected OpenApiException(String apiPath, Integer ret, String msg) {
        super("OpenAPI " + apiPath + " failed" + (ret == null ? "" : " with ret " + ret)
                + (msg == null || msg.isEmpty() ? "" : ": " + shorten(Secrets.mask(msg))));
        this.apiPath = apiPath;
        this.ret = ret;
        this.msg = msg == null ? "" : shorten(Secrets.mask(msg));
    }

    public String apiPath() {
        return apiPath;
    }

    /** The answer's ret, or null if there was no answer. */
    public Integer ret() {
        return ret;
    }

    public String msg() {
        return msg;
    }

    public abstract RetClass retClass();

    /**
     * OpenAPI's answer as received (decoded JSON text) when there was one with a ret, else null. The gateway
     * returns it unchanged; it is never part of {@link #getMessage()}.
     */
    public String answer() {
        return answer;
    }

    OpenApiException withAnswer(String answer) {
        this.answer = answer;
        return this;
    }

    /** True when no answer arrived within {@code openapi.timeout} (the gateway answers 504, else 502). */
    public boolean timedOut() {
        return false;
    }

    private static String shorten(String s) {
        return s.length() > MAX_MSG ? s.substring(0, MAX_MSG) + "..." : s;
    }
}
