package io.camelbundle.token;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** With no valid token after the grace period: ready is DOWN, live stays UP, callers get a clear 503. */
@QuarkusTest
@TestProfile(NoTokenProfile.class)
class NoTokenReadinessTest {

    @Test
    void readinessIsDownAndLivenessUp() {
        given().when().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'tokens' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'tokens' }.data.om", containsString("no valid token"));
        given().when().get("/q/health/live").then().statusCode(200);
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
