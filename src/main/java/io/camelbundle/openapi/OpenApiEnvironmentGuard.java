package io.camelbundle.openapi;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.camel.quarkus.main.events.BeforeStart;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import io.camelbundle.vendors.Vendor;
import io.camelbundle.vendors.VendorList;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.SmallRyeConfig;

/**
 * Seed 001: the test IP may only be used while testing; an application must be switched to the domain
 * before it goes live. The prod profile therefore refuses to start when {@code openapi.base-url} points at
 * the test environment (119.147.19.43) or uses plain http (the sandbox and test gateways do; production is
 * https). Failing start-up is the point: the exception stops Quarkus with a non-zero exit code. The
 * trusted proxies are parsed here too, so a typo fails start-up instead of the first request.
 */
@ApplicationScoped
public class OpenApiEnvironmentGuard {

    static final String TEST_IP = "119.147.19.43";
    private static final Logger LOG = Logger.getLogger(OpenApiEnvironmentGuard.class);

    /**
     * Runs before Camel starts its routes (Camel Quarkus starts the context before Quarkus fires
     * StartupEvent), so a refused configuration never sends a single request anywhere.
     */
    void beforeCamelStarts(@Observes BeforeStart event, OpenApiConfig config, VendorList vendors) {
        check(config, vendors);
    }

    /** Fallback should the Camel main events ever not be fired: start-up still fails. */
    void onStart(@Observes StartupEvent event, OpenApiConfig config, VendorList vendors) {
        check(config, vendors);
    }

    /** Only when openapi is in bundle.vendors: a deployment without OpenAPI never calls it. */
    private void check(OpenApiConfig config, VendorList vendors) {
        if (!vendors.isOn(Vendor.OPENAPI)) {
            return;
        }
        List<String> profiles = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class).getProfiles();
        Optional<String> problem = problem(profiles, config.baseUrl());
        if (problem.isPresent()) {
            LOG.error(problem.get());
            throw new IllegalStateException(problem.get());
        }
        try {
            new TrustedProxies(config.trustedProxies().orElse(List.of()));
        } catch (IllegalArgumentException e) {
            LOG.error("Refusing to start: " + e.getMessage());
            throw new IllegalStateException(e.getMessage());
        }
    }

    /** What is wrong with this base URL under these profiles, if anything. Plain, for unit tests. */
    public static Optional<String> problem(List<String> profiles, String baseUrl) {
        if (!profiles.contains("prod")) {
            return Optional.empty();
        }
        String url = baseUrl == null ? "" : baseUrl.trim().toLowerCase(Locale.ROOT);
        if (url.contains(TEST_IP)) {
            return Optional.of("Refusing to start: openapi.base-url points at the OpenAPI test environment ("
                    + TEST_IP + ") in the prod profile; use https://openapi.tencentyun.com");
        }
        if (!url.startsWith("https://")) {
            return Optional.of("Refusing to start: openapi.base-url must be an https:// URL in the prod profile,"
                    + " was " + baseUrl);
        }
        return Optional.empty();
    }
}
