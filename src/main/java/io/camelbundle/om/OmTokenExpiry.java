package io.camelbundle.om;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import io.camelbundle.token.TokenControl;

/**
 * The {@code onRedelivery} of an {@link OmTokenRejectedException} (om-delivery.camel.yaml): compares and
 * expires the token the refused attempt used, so the redelivered attempt reads a fresh one. Compare-and-expire
 * means a token another caller already replaced is left alone: many refusals of one token cause one refresh.
 */
public class OmTokenExpiry implements Processor {

    private final TokenControl tokens;

    public OmTokenExpiry(TokenControl tokens) {
        this.tokens = tokens;
    }

    @Override
    public void process(Exchange exchange) {
        String used = exchange.getProperty(OmDataRequest.TOKEN, String.class);
        if (used != null) {
            tokens.expireIfCurrent(OmTokenRequest.CREDENTIAL, used);
        }
    }
}
