package io.camelbundle.om;

import java.time.Clock;
import java.util.HashSet;
import java.util.Locale;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import org.apache.camel.CamelContext;

import io.camelbundle.token.RouteTokenSource;
import io.camelbundle.token.TokenControl;
import io.camelbundle.token.TokenSource;
import io.micrometer.core.instrument.MeterRegistry;

/** Registers OM's client credentials with the token central control as credential {@code om}, and OM's beans. */
public class OmBeans {

    @Produces
    @Singleton
    @Named("omTokenRequest")
    OmTokenRequest omTokenRequest(OmConfig config) {
        return new OmTokenRequest(config.authUrl(), config.clientId().orElse(null), config.clientSecret().orElse(null));
    }

    @Produces
    @Singleton
    @Named("omTokenAnswer")
    OmTokenAnswer omTokenAnswer() {
        return new OmTokenAnswer();
    }

    /** Credential om: its token is fetched by routes/token-fetch-om.camel.yaml. */
    @Produces
    @Singleton
    TokenSource omTokenSource(OmTokenRequest request, CamelContext camel) {
        return new RouteTokenSource(OmTokenRequest.CREDENTIAL, "om", request.fingerprint(), true,
                RouteTokenSource.defaultFetchUri(OmTokenRequest.CREDENTIAL), camel);
    }

    @Produces
    @Singleton
    OmEventNormalizer omEventNormalizer(OmConfig config, MeterRegistry registry) {
        return new OmEventNormalizer(OmEventNormalizer.Settings.of(config), Clock.systemUTC(),
                new OmUnknownFields(registry));
    }

    @Produces
    @Singleton
    @Named("omEventSender")
    OmEventSender omEventSender(OmConfig config, TokenControl tokens, OmEventNormalizer normalizer,
            MeterRegistry registry) {
        OmDataClient.Mode mode;
        try {
            mode = OmDataClient.Mode.valueOf(config.sendMode().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("om.send-mode must be 'form' or 'query', was '" + config.sendMode() + "'");
        }
        return new OmEventSender(tokens, normalizer, new OmDataClient(config.apiUrl(), mode, config.connectTimeout(),
                config.sendTimeout()), new HashSet<>(config.tokenInvalidCodes()), registry);
    }
}
