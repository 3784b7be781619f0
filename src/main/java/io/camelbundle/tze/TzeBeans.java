package io.camelbundle.tze;

import java.time.Clock;

import javax.sql.DataSource;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/** The TZE building blocks as named beans, so routes reach them as {@code #bean:tzeBindingStore} etc. */
public class TzeBeans {

    @Produces
    @Singleton
    @Named("tzeMessageValidator")
    TzeMessageValidator tzeMessageValidator() {
        return new TzeMessageValidator();
    }

    @Produces
    @Singleton
    @Named("tzeBindingStore")
    TzeBindingStore tzeBindingStore(DataSource dataSource, Clock clock, TzeConfig config) {
        return new TzeBindingStore(dataSource, clock, config.bindingLifetime());
    }

    @Produces
    @Singleton
    @Named("tzeOauthClient")
    TzeOauthClient tzeOauthClient(TzeConfig config, Clock clock) {
        // read on every exchange, so a missing key fails the exchange, not the start-up
        return new TzeOauthClient(config.apiUrl(), () -> config.accessToken().orElse(null), config.connectTimeout(),
                config.timeout(), clock);
    }
}
