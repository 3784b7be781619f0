package io.camelbundle.token;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.ConfigProvider;

import io.camelbundle.support.Secrets;
import io.camelbundle.vendors.VendorList;

/** Builds the token central control from configuration and the {@link TokenSource} beans of the vendors on. */
public class TokenBeans {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    @Named("tokenControl")
    TokenControl tokenControl(DataSource dataSource, @Any Instance<TokenSource> sources, TokenConfig config,
            Clock clock, TokenMetrics metrics, VendorList vendors) {
        // the log filter registers them too; this also covers a logging set-up without it
        Secrets.fromConfig(ConfigProvider.getConfig());
        List<TokenSource> configured = sources.stream().filter(s -> vendors.isOn(s.vendor()))
                .filter(TokenSource::configured).toList();
        return new TokenControl(new TokenStore(dataSource), configured, config.policy(), clock, metrics,
                instanceId());
    }

    /** Identifies this process as lease owner: readable in the database, unique across restarts. */
    private static String instanceId() {
        return ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }
}
