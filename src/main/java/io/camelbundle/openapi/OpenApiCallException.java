package io.camelbundle.openapi;

/** Any other failed answer (parameter errors, permissions, unknown API...). Not retried. */
public class OpenApiCallException extends OpenApiException {

    public OpenApiCallException(String apiPath, int ret, String msg) {
        super(apiPath, ret, msg);
    }

    /** No usable answer that retrying would not change (e.g. HTTP 404, no ret in the answer). */
    public OpenApiCallException(String apiPath, String reason) {
        super(apiPath, null, reason);
    }

    @Override
    public RetClass retClass() {
        return RetClass.OTHER;
    }
}
