package io.camelbundle.openapi;

/** The user's login (openkey) is gone: they must log in again. Never retried. */
public class OpenApiLoginGoneException extends OpenApiException {

    public OpenApiLoginGoneException(String apiPath, int ret, String msg) {
        super(apiPath, ret, msg);
    }

    @Override
    public RetClass retClass() {
        return RetClass.LOGIN_GONE;
    }
}
