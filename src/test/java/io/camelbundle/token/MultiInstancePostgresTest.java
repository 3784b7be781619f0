package io.camelbundle.token;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.camelbundle.om.OmTokenRoute;

/**
 * Two independent token controls (separate data sources and connections, separate in-process state, as two
 * bundle instances) sharing the machine's PostgreSQL: exactly one upstream request per refresh window.
 */
class MultiInstancePostgresTest {

    private static final long T0 = 1_800_000_000_000L;

    private final MutableClock clock = new MutableClock(T0);
    private WireMockServer upstream;
    private TokenControl instanceA;
    private TokenControl instanceB;
    private ExecutorService pool;
    private final List<OmTokenRoute> routes = new ArrayList<>();

    @BeforeEach
    void setUp() {
        upstream = new WireMockServer(options().dynamicPort());
        upstream.start();
        // a slow vendor, so both instances are really inside the refresh at the same time
        upstream.stubFor(post(urlPathEqualTo("/omoauth2/accesstoken")).willReturn(
                okJson("{\"code\":\"0\",\"data\":{\"access_token\":\"{{randomValue length=24 type='ALPHANUMERIC'}}\","
                        + "\"expires_in\":7200}}").withFixedDelay(300).withTransformers("response-template")));
        instanceA = instance("a", true);
        instanceB = instance("b", false);
        pool = Executors.newFixedThreadPool(64);
    }

    private TokenControl instance(String name, boolean cleanDatabase) {
        OmTokenRoute route;
        try {
            route = OmTokenRoute.start(upstream.baseUrl(), "client", "secret", "PT5S");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        routes.add(route);
        TokenSource source = route.source();
        return new TokenControl(new TokenStore(TestDatabases.postgres("token_it", cleanDatabase)), List.of(source),
                TokenPolicy.defaults(), clock, TokenListener.NONE, "instance-" + name);
    }

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
        routes.forEach(OmTokenRoute::close);
        upstream.stop();
    }

    private int upstreamRequests() {
        return upstream.countRequestsMatching(postRequestedFor(urlPathEqualTo("/omoauth2/accesstoken")).build())
                .getCount();
    }

    /** Runs 32 callers per instance at once and returns the distinct tokens they got. */
    private Set<String> concurrently(Callable<String> onA, Callable<String> onB) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            Callable<String> task = i % 2 == 0 ? onA : onB;
            results.add(pool.submit(() -> {
                start.await();
                return task.call();
            }));
        }
        start.countDown();
        Set<String> tokens = ConcurrentHashMap.newKeySet();
        for (Future<String> result : results) {
            String token = result.get(20, TimeUnit.SECONDS);
            if (token != null) {
                tokens.add(token);
            }
        }
        return tokens;
    }

    @Test
    void oneUpstreamRequestPerRefreshWindowAcrossInstances() throws Exception {
        Set<String> cold = concurrently(() -> instanceA.accessToken("om"), () -> instanceB.accessToken("om"));
        assertThat(upstreamRequests()).as("cold start").isEqualTo(1);
        assertThat(cold).hasSize(1);

        for (int window = 2; window <= 4; window++) {
            clock.advance(Duration.ofMinutes(110)); // inside the refresh window of the current token
            concurrently(() -> {
                instanceA.refreshDue();
                return instanceA.accessToken("om");
            }, () -> {
                instanceB.refreshDue();
                return instanceB.accessToken("om");
            });
            assertThat(upstreamRequests()).as("refresh window %d", window).isEqualTo(window);
            assertThat(instanceA.peek("om").accessToken()).isEqualTo(instanceB.peek("om").accessToken());
        }
    }

    @Test
    void theInstanceWithoutTheLeaseReadsTheTokenTheOtherOneStored() throws Exception {
        String fromA = instanceA.accessToken("om");
        assertThat(instanceB.accessToken("om")).isEqualTo(fromA);
        assertThat(upstreamRequests()).isEqualTo(1);
    }
}
