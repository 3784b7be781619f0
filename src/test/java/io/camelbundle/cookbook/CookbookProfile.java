package io.camelbundle.cookbook;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.camelbundle.support.Broker;
import io.camelbundle.support.TestQueues;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The bundle with every recipe of docs/routes.md loaded beside the shipped routes and the recipes'
 * properties set; then what points at the outside world is pointed at the sandbox and the machine's broker
 * (a queue name of this run's own, as several builds share the broker). It is also the profile of the other
 * tests that use the broker (OmQueueTest, TzeQueueTest): the OM and TZE queue routes are on, as
 * {@link TestQueues} sets them, so Quarkus starts once for all of them.
 */
public class CookbookProfile implements QuarkusTestProfile {

    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final String SHIFT_QUEUE = "shift.notices.test-" + RUN;
    static final String USER_REPORT_FOLDER = "./target/test-data/cookbook-" + RUN + "/user-report";
    static final String USER_REPORT_OPENKEY = "k~ *+/=" + RUN;
    /**
     * Recipe 5's HTTP proxy: WireMock as a forward proxy (browser proxying), passing every request on to
     * where it was addressed and keeping a journal of what went through it.
     */
    static final WireMockServer PROXY = new WireMockServer(options().dynamicPort().enableBrowserProxying(true));
    static final String PARTNER_SECRET = "partner-secret-test-" + RUN;
    static final String PARTNER_B_INBOX = "./target/test-data/cookbook-" + RUN + "/inbox/partner-b";
    static final String TZE_APP_SECRET = "tze-app-secret-test-" + RUN;

    @Override
    public Map<String, String> getConfigOverrides() {
        Cookbook.writeRouteFiles();
        Map<String, String> config = new HashMap<>();
        Cookbook.recipes().values().forEach(r -> config.putAll(r.properties()));
        config.put("camel.main.routes-include-pattern",
                "file:routes/*.camel.yaml,file:" + Cookbook.ROUTES + "/*.camel.yaml");
        config.put("bundle.data-dir", "./target/test-data/cookbook-" + RUN);
        config.put("quarkus.qpid-jms.url", Broker.URL_PREFETCH_ONE);
        config.putAll(TestQueues.settings());
        // recipe 1
        config.put("partner-b.inbox", PARTNER_B_INBOX);
        // recipe 2
        config.put("user-report.period", "500");
        config.put("user-report.folder", USER_REPORT_FOLDER);
        config.put("user-report.openkey", USER_REPORT_OPENKEY);
        // recipe 5
        if (!PROXY.isRunning()) {
            PROXY.start();
        }
        config.put("user-nickname.proxy-host", "localhost");
        config.put("user-nickname.proxy-port", String.valueOf(PROXY.port()));
        // recipe 3
        config.put("shift-notices.queue", SHIFT_QUEUE);
        // recipe 4
        // set as a system property, which Camel reads without expanding ${...}: the port must be literal
        config.put("partner.token-url", "http://localhost:" + System.getProperty("quarkus.http.test-port", "8081")
                + "/sandbox/partner/token");
        config.put("tokens.credentials.partner.params.client_secret", PARTNER_SECRET);
        config.put("sandbox.partner.client-secret", PARTNER_SECRET);
        // recipe 6: the TZE sandbox's token endpoint issues the accessToken its message endpoint accepts
        config.put("tze.token.url", "http://localhost:" + System.getProperty("quarkus.http.test-port", "8081")
                + "/sandbox/tze/token");
        config.put("tze.token.params.appSecret", TZE_APP_SECRET);
        config.put("sandbox.tze.app-secret", TZE_APP_SECRET);
        return config;
    }
}
