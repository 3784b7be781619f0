package io.camelbundle.openapi;

/** Any other failed answer (parameter errors, permissions, unknown API...). Not retried. */
public class OpenApiCallException extends OpenApiException {

    public OpenApiCallException(String apiPath, int ret, String msg) {
        super(apiPath, ret, msg);
    }

    @Override
    public RetClass retClass() {
        return RetClass.OTHER;
    }
}
