package io.camelbundle.token;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.time.Duration;

import jakarta.inject.Inject;

import org.apache.camel.CamelContext;
import org.apache.camel.component.master.MasterConsumer;
import org.junit.jupiter.api.Test;

import io.camelbundle.support.Management;
import io.camelbundle.support.PrometheusScrape;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * With no valid token after the grace period: readiness is DOWN naming the credential (liveness stays UP),
 * each readiness probe starts a background refresh attempt, and callers get a clear 503, never an expired
 * token.
 */
@QuarkusTest
@TestProfile(NoTokenProfile.class)
class NoTokenReadinessTest {

    @Inject
    CamelContext camel;

    @Test
    void readinessIsDownNamingTheCredentialAndLivenessStaysUp() {
        given().when().get(Management.url("/q/health/ready")).then().statusCode(503)
                .body("checks.find { it.name == 'tokens' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'tokens' }.data.om", containsString("no valid token"));
        // the public page names the reason code, never the vendor's or the HTTP client's text
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> given().when().get(Management.url("/q/health/ready")).then()
                        .body("checks.find { it.name == 'tokens' }.data.om", equalTo("no valid token: unreachable")));
        given().when().get(Management.url("/q/health/live")).then().statusCode(200)
                .body("checks.name", not(hasItem("tokens")));
    }

    @Test
    void eachReadinessProbeStartsARefreshAttemptEvenWithoutTheRefresherRoute() throws Exception {
        camel.getRouteController().stopRoute("token-refresh");
        try {
            double before = failures();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                given().when().get(Management.url("/q/health/ready")).then().statusCode(503);
                org.assertj.core.api.Assertions.assertThat(failures()).isGreaterThan(before);
            });
        } finally {
            camel.getRouteController().startRoute("token-refresh");
        }
    }

    private static double failures() {
        return PrometheusScrape.value("bundle_token_refresh_failures_total", "credential=\"om\"");
    }

    @Test
    void theInstanceWithoutATokenLeadsAndRunsTheTokenRefresher() {
        await().atMost(Duration.ofSeconds(15)).until(
                () -> ((MasterConsumer) camel.getRoute("token-refresh").getConsumer()).isMaster());
    }

    @Test
    void callersGetAClearErrorNotAnExpiredToken() {
        given().header("Authorization", "Bearer test-api-key-5b2c").when().get("/tokens/om")
                .then().statusCode(503).body("error", equalTo("token_unavailable"))
                .body("reason", containsString("unreachable"));
    }

    @Test
    void failuresAreCounted() {
        given().when().get(Management.url("/q/metrics")).then().statusCode(200)
                .body(containsString("bundle_token_refresh_failures_total{credential=\"om\"}"));
    }
}
