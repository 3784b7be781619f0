package io.camelbundle.token;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The {@code onRedelivery} of a call whose vendor refused the access token it carried (OM's
 * {@code OmTokenRejectedException} in om-delivery.camel.yaml, TZE's {@code TzeTokenRejectedException} in
 * tze-delivery.camel.yaml): compares and expires the token the refused attempt used, kept in an exchange
 * property, so the redelivered attempt reads a fresh one. Compare-and-expire means a token another caller
 * already replaced is left alone: many refusals of one token cause one refresh.
 */
public class TokenExpiry implements Processor {

    private final TokenControl tokens;
    private final String credential;
    private final String tokenProperty;

    public TokenExpiry(TokenControl tokens, String credential, String tokenProperty) {
        this.tokens = tokens;
        this.credential = credential;
        this.tokenProperty = tokenProperty;
    }

    @Override
    public void process(Exchange exchange) {
        String used = exchange.getProperty(tokenProperty, String.class);
        if (used != null) {
            tokens.expireIfCurrent(credential, used);
        }
    }
}
