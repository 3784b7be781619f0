package io.camelbundle.cookbook;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.camelbundle.support.Broker;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The bundle with every recipe of docs/routes.md loaded beside the shipped routes and the recipes'
 * properties set; then what points at the outside world is pointed at the sandbox and the machine's broker
 * (a queue name of this run's own, as several builds share the broker).
 */
public class CookbookProfile implements QuarkusTestProfile {

    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final String SHIFT_QUEUE = "shift.notices.test-" + RUN;
    static final String PARTNER_SECRET = "partner-secret-test-" + RUN;

    @Override
    public Map<String, String> getConfigOverrides() {
        Cookbook.writeRouteFiles();
        Map<String, String> config = new HashMap<>();
        Cookbook.recipes().values().forEach(r -> config.putAll(r.properties()));
        config.put("camel.main.routes-include-pattern", "file:routes/*.camel.yaml,file:" + Cookbook.ROUTES + "/*.camel.yaml");
        config.put("bundle.data-dir", "./target/test-data/cookbook-" + RUN);
        config.put("quarkus.qpid-jms.url", Broker.URL_PREFETCH_ONE);
        // recipe 3
        config.put("shift-notices.queue", SHIFT_QUEUE);
        // recipe 4
        // set as a system property, which Camel reads without expanding ${...}: the port must be literal
        config.put("partner.token-url", "http://localhost:" + System.getProperty("quarkus.http.test-port", "8081")
                + "/sandbox/partner/token");
        config.put("tokens.credentials.partner.params.client_secret", PARTNER_SECRET);
        config.put("sandbox.partner.client-secret", PARTNER_SECRET);
        return config;
    }
}
