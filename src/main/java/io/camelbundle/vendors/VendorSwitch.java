package io.camelbundle.vendors;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.apache.camel.quarkus.main.events.BeforeConfigure;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Applies {@code bundle.vendors} before Camel loads the route files: refuses to start on a bad list or when a
 * listed vendor lacks a required key, keeps the route files of the other vendors
 * (routes/&lt;vendor&gt;-*.camel.yaml) out of Camel, so their endpoints answer 404, and says in one line which
 * vendors are on. The token central control leaves out the credentials of vendors not listed
 * ({@link io.camelbundle.token.TokenBeans}).
 */
public class VendorSwitch {

    private static final Logger LOG = Logger.getLogger(VendorSwitch.class);
    private static final String EXCLUDE = "camel.main.routes-exclude-pattern";

    @Produces
    @Singleton
    VendorList vendorList() {
        Config config = ConfigProvider.getConfig();
        VendorList vendors;
        try {
            vendors = VendorList.parse(config.getOptionalValue(VendorList.KEY, String.class).orElse(null));
        } catch (IllegalArgumentException e) {
            throw refuse(e.getMessage());
        }
        List<String> missing = vendors.missingKeys(key -> config.getOptionalValue(key, String.class));
        if (!missing.isEmpty()) {
            throw refuse("required configuration missing for the vendors in " + VendorList.KEY + ": "
                    + String.join(", ", missing) + " (set them, or leave their vendor out of " + VendorList.KEY + ")");
        }
        return vendors;
    }

    /**
     * Runs before Camel Main applies camel.main.* and loads the route files. An operator's own
     * camel.main.routes-exclude-pattern replaces this one when Camel Main applies it, so it must list the route
     * files of the vendors left out itself; start-up is refused otherwise, rather than running their routes.
     */
    void beforeRoutesLoad(@Observes BeforeConfigure event, VendorList vendors) {
        Optional<String> own = ConfigProvider.getConfig().getOptionalValue(EXCLUDE, String.class);
        if (own.isPresent()) {
            vendors.unexcludedRouteFiles(own.get()).ifPresent(missing -> {
                throw refuse(EXCLUDE + " is set and does not exclude " + missing + ", the route files of the vendors"
                        + " not in " + VendorList.KEY + ": add them to it");
            });
        } else if (!vendors.routesExcludePattern().isEmpty()) {
            event.getMain().configure().withRoutesExcludePattern(vendors.routesExcludePattern());
        }
        LOG.info(vendors.summary());
    }

    private static IllegalStateException refuse(String problem) {
        String message = "Refusing to start: " + problem;
        LOG.error(message);
        return new IllegalStateException(message);
    }
}
