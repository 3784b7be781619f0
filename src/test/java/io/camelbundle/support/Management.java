package io.camelbundle.support;

import org.eclipse.microprofile.config.ConfigProvider;

/**
 * URLs on the management port of the bundle under test: health and metrics are served there only
 * ({@code quarkus.management.enabled}), not on the port of the endpoints.
 */
public final class Management {

    private Management() {
    }

    /** {@code path} (e.g. {@code /q/health/ready}) on the management test port. */
    public static String url(String path) {
        int port = ConfigProvider.getConfig().getOptionalValue("quarkus.management.test-port", Integer.class)
                .orElse(9001);
        return "http://localhost:" + port + path;
    }
}
