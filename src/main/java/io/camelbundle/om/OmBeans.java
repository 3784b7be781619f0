package io.camelbundle.om;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.camelbundle.token.TokenSource;

/** Registers OM's client credentials with the token central control as credential {@code om}. */
public class OmBeans {

    @Produces
    @Singleton
    TokenSource omTokenSource(OmConfig config) {
        return new OmTokenSource(config.authUrl(), config.clientId(), config.clientSecret(),
                config.connectTimeout(), config.tokenTimeout());
    }
}
