package io.camelbundle.token;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;

import jakarta.inject.Inject;

import org.apache.camel.CamelContext;
import org.apache.camel.component.master.MasterConsumer;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * With no valid token after the grace period: the tokens check is DOWN (wellness), but readiness and liveness
 * stay UP, so the pod remains a member of the leader election and can run the token refresher; callers get a
 * clear 503.
 */
@QuarkusTest
@TestProfile(NoTokenProfile.class)
class NoTokenHealthTest {

    @Inject
    CamelContext camel;

    @Test
    void tokensCheckIsDownButReadinessAndLivenessStayUp() {
        given().when().get("/q/health/well").then().statusCode(503)
                .body("checks.find { it.name == 'tokens' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'tokens' }.data.om", containsString("no valid token"));
        given().when().get("/q/health").then().statusCode(503)
                .body("checks.find { it.name == 'tokens' }.status", equalTo("DOWN"));
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", not(hasItem("tokens")));
        given().when().get("/q/health/live").then().statusCode(200);
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
                .body("reason", containsString("OM token endpoint unreachable"));
    }

    @Test
    void failuresAreCounted() {
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("bundle_token_refresh_failures_total{credential=\"om\"}"));
    }
}
