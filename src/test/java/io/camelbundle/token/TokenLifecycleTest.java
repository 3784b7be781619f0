package io.camelbundle.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.camelbundle.om.OmAnswer;
import io.camelbundle.sandbox.Faults.Kind;
import io.camelbundle.sandbox.OmSandbox;
import io.quarkus.test.junit.QuarkusTest;

/** Token life cycles against the OM sandbox with the real timer route running. */
@QuarkusTest
class TokenLifecycleTest {

    @Inject
    OmSandbox sandbox;

    @Inject
    TokenControl control;

    @ConfigProperty(name = "om.api-url")
    String apiUrl;

    private final HttpClient http = HttpClient.newHttpClient();
    private final com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();

    @org.junit.jupiter.api.BeforeEach
    void validToken() {
        TokenTestState.awaitValidToken(control);
    }

    @AfterEach
    void restore() {
        sandbox.tokenFaults().clear();
        sandbox.dataFaults().clear();
        sandbox.tokenLifetime(Duration.ofHours(2));
        String current = control.peek("om").accessToken();
        if (current != null) {
            control.expireIfCurrent("om", current); // the next token gets the normal lifetime again
        }
        TokenTestState.awaitValidToken(control);
    }

    @Test
    void continuousCallersNeverReceiveAnExpiredTokenWhenTokensLiveAFewSeconds() throws Exception {
        // 3 s tokens are refreshed with 1.5-1.8 s left, at a check every 0.5 s (test setting): at least 1 s
        // before they expire, about every 1.3 s, so some 7 rotations in 10 s
        sandbox.tokenLifetime(Duration.ofSeconds(3));
        control.expireIfCurrent("om", control.accessToken("om"));
        int before = sandbox.tokenRequests();

        ExecutorService callers = Executors.newFixedThreadPool(4);
        List<String> problems = new CopyOnWriteArrayList<>();
        AtomicInteger served = new AtomicInteger();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            running.add(callers.submit(() -> {
                while (System.nanoTime() < end) {
                    StoredToken token = control.current("om");
                    long now = System.currentTimeMillis();
                    long vendorExpiry = sandbox.issuedExpiryOf(token.accessToken());
                    if (vendorExpiry <= now) {
                        problems.add("expired token served, vendor expiry " + vendorExpiry + " <= " + now);
                    }
                    if (token.expiresAt() > vendorExpiry) {
                        problems.add("bundle believes the token lives longer than the vendor said");
                    }
                    served.incrementAndGet();
                }
            }));
        }
        for (Future<?> f : running) {
            f.get(60, TimeUnit.SECONDS);
        }
        callers.shutdown();
        assertThat(problems).isEmpty();
        assertThat(served.get()).isGreaterThan(1000);
        // about one refresh per 1.3 s over 10 s: proactive, not one per call
        assertThat(sandbox.tokenRequests() - before).isBetween(4, 15);
    }

    /** What a route does with a token OM calls invalid (om-delivery.camel.yaml's onRedelivery): compare and expire. */
    @Test
    void aTokenTheVendorRefusedIsComparedExpiredAndReplacedByOneRefresh() throws Exception {
        String first = control.accessToken("om");
        int tokenRequests = sandbox.tokenRequests();
        sandbox.dataFaults().failNext(Kind.TOKEN_INVALID, 1);
        assertThat(report(first).code()).isEqualTo("40001");

        assertThat(control.expireIfCurrent("om", first)).isTrue();
        String second = control.accessToken("om");
        assertThat(second).isNotEqualTo(first);
        assertThat(report(second).success()).isTrue();
        assertThat(control.expireIfCurrent("om", first)).as("a late refusal of the replaced token: left alone")
                .isFalse();
        assertThat(sandbox.tokenRequests() - tokenRequests).as("one refresh").isEqualTo(1);
        assertThat(sandbox.tokenValid(first)).as("superseded at the vendor").isFalse();
    }

    @Test
    void refreshFailuresOfEveryKindKeepServingTheValidTokenAndRecover() {
        String token = control.accessToken("om");
        control.expireIfCurrent("om", token);
        String current = control.accessToken("om");
        for (Kind kind : List.of(Kind.HTTP_500, Kind.MALFORMED, Kind.ERROR_CODE, Kind.TIMEOUT)) {
            sandbox.tokenFaults().failNext(kind, 1);
        }
        int requests = sandbox.tokenRequests();
        // force the token into its refresh window by storing nothing new: ask for a proactive refresh now
        forceRefreshWindow();
        await().atMost(Duration.ofSeconds(40)).untilAsserted(
                () -> assertThat(sandbox.tokenRequests() - requests).isGreaterThanOrEqualTo(5));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(
                () -> assertThat(control.accessToken("om")).isNotEqualTo(current));
        assertThat(sandbox.tokenRequests() - requests).as("four failures and one success").isEqualTo(5);
    }

    /** Simulates reaching the refresh window of the stored token by marking it due in the database. */
    private void forceRefreshWindow() {
        TestTokenRows.markRefreshDue("om");
    }

    private OmAnswer report(String token) {
        try {
            String form = "access_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8) + "&msg="
                    + URLEncoder.encode(io.camelbundle.om.OmSampleEvents.SEED_EXAMPLE, StandardCharsets.UTF_8);
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(apiUrl + "/data/receiveclient"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            return OmAnswer.of(json.readTree(response.body()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
