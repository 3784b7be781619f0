package io.camelbundle.om;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.camelbundle.token.TokenSource;

/**
 * Registers OM's client credentials with the token central control as credential {@code om}, and the OM
 * event normaliser configured by {@code om.data-source} and {@code om.events.*}.
 */
public class OmBeans {

    @Produces
    @Singleton
    TokenSource omTokenSource(OmConfig config) {
        return new OmTokenSource(config.authUrl(), config.clientId(), config.clientSecret(),
                config.connectTimeout(), config.tokenTimeout());
    }

    /** Checks and shapes OM events from dropped files and queues; stateless, one for the application. */
    @Produces
    @Singleton
    OmEventNormalizer omEventNormalizer(OmConfig config) {
        return new OmEventNormalizer(OmEventNormalizer.Settings.of(config));
    }
}
