package io.camelbundle.om;

/**
 * OM answered a token-invalid code (om.token-invalid-codes). Permanent as an answer, but the route
 * configuration in om-delivery.camel.yaml redelivers it once, after comparing-and-expiring the token used, so
 * the event goes out once more with a fresh token.
 */
public class OmTokenRejectedException extends OmDeliveryException {

    public OmTokenRejectedException(String code, String msg) {
        super("OM answered code " + code + ": " + msg, false, code);
    }
}
