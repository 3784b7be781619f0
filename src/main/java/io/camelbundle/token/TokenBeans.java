package io.camelbundle.token;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

import javax.sql.DataSource;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import org.apache.camel.CamelContext;
import org.eclipse.microprofile.config.ConfigProvider;

import io.camelbundle.support.Secrets;
import io.camelbundle.support.Sha256;
import io.camelbundle.vendors.Vendor;
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
            Clock clock, TokenMetrics metrics, VendorList vendors, CamelContext camel) {
        // the log filter registers them too; this also covers a logging set-up without it
        Secrets.fromConfig(ConfigProvider.getConfig());
        List<TokenSource> configured = Stream.concat(sources.stream(), declaredCredentials(config, camel).stream())
                .filter(s -> s.vendor() == null || vendors.isOn(s.vendor()))
                .filter(TokenSource::configured).toList();
        return new TokenControl(new TokenStore(dataSource), configured, config.policy(), clock, metrics,
                instanceId());
    }

    /**
     * Credentials declared in configuration alone: {@code tokens.credentials.<name>.fetch-uri} names the route
     * that fetches the token (a Camel HTTP call in routes/), so a vendor with another token request needs a
     * route and two keys, no Java. {@code .fingerprint} identifies the endpoint and client (default: the URI).
     */
    static List<TokenSource> declaredCredentials(TokenConfig config, CamelContext camel) {
        List<TokenSource> declared = new ArrayList<>();
        new TreeMap<>(config.credentials()).forEach((name, credential) -> {
            String identity = credential.fingerprint().orElse(credential.fetchUri());
            declared.add(new RouteTokenSource(name, vendorOf(name, credential.vendor()),
                    Sha256.of(name + "\n" + identity), true, credential.fetchUri(), camel));
        });
        return declared;
    }

    /**
     * The vendor a declared credential belongs to, in any case; a name that is no vendor refuses start-up (it
     * was never "on", so the credential was silently left out).
     */
    static String vendorOf(String credential, Optional<String> vendor) {
        if (vendor.isEmpty() || vendor.get().isBlank()) {
            return null;
        }
        return Vendor.byKey(vendor.get()).map(Vendor::key)
                .orElseThrow(() -> new IllegalStateException("Refusing to start: tokens.credentials." + credential
                        + ".vendor is '" + vendor.get() + "', none of " + Vendor.knownKeys()));
    }

    /** Identifies this process as lease owner: readable in the database, unique across restarts. */
    private static String instanceId() {
        return ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }
}
