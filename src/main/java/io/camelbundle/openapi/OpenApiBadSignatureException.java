package io.camelbundle.openapi;

/** ret -5: the sig was rejected. Deterministic (wrong appkey or signer bug): never retried. */
public class OpenApiBadSignatureException extends OpenApiException {

    public OpenApiBadSignatureException(String apiPath, int ret, String msg) {
        super(apiPath, ret, msg);
    }

    @Override
    public RetClass retClass() {
        return RetClass.BAD_SIGNATURE;
    }
}
