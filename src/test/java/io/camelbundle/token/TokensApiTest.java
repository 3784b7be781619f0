package io.camelbundle.token;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.time.Instant;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.camelbundle.sandbox.Faults.Kind;
import io.camelbundle.sandbox.OmSandbox;
import io.camelbundle.support.Management;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * GET /tokens/{credential} (TokenApiFastPath for tokens in memory, routes/tokens-api.camel.yaml for the rest)
 * against the OM sandbox, on the embedded H2.
 */
@QuarkusTest
class TokensApiTest {

    static final String KEY = "test-api-key-5b2c";

    @Inject
    OmSandbox sandbox;

    @Inject
    TokenControl control;

    @Inject
    MeterRegistry registry;

    @org.junit.jupiter.api.BeforeEach
    void validToken() {
        TokenTestState.awaitValidToken(control);
    }

    @AfterEach
    void clearFaults() {
        sandbox.tokenFaults().clear();
        TokenTestState.awaitValidToken(control);
    }

    @Test
    void servesTheCurrentSandboxTokenWithItsExpiry() {
        JsonPath body = given().header("Authorization", "Bearer " + KEY)
                .when().get("/tokens/om")
                .then().statusCode(200).contentType("application/json")
                .extract().jsonPath();
        String token = body.getString("access_token");
        assertThat(sandbox.tokenValid(token)).isTrue();
        Instant expiresAt = Instant.parse(body.getString("expires_at"));
        assertThat(expiresAt.toEpochMilli()).isEqualTo(control.peek("om").expiresAt());
        assertThat(body.getLong("expires_in")).isBetween(1L, sandbox.tokenLifetimeSeconds());
    }

    @Test
    void aTokenHeldInMemoryIsAnsweredOnTheEventLoopBeforeTheRoute() {
        double fromMemory = served("event-loop");
        double byRoute = served("route");
        int answers = 0;
        // the timer route re-reads the store every second, so the cache is almost always fresh; a request
        // that lands in the moment it is stale goes through the route, which is why this loops
        while (served("event-loop") == fromMemory && answers < 50) {
            JsonPath body = given().header("Authorization", "Bearer " + KEY).when().get("/tokens/om")
                    .then().statusCode(200).contentType("application/json").header("Cache-Control", "no-store")
                    .extract().jsonPath();
            assertThat(sandbox.tokenValid(body.getString("access_token"))).isTrue();
            assertThat(body.getMap("")).containsOnlyKeys("access_token", "expires_at", "expires_in");
            answers++;
        }
        assertThat(served("event-loop")).isGreaterThan(fromMemory);
        assertThat(served("event-loop") - fromMemory + served("route") - byRoute).isEqualTo(answers);
    }

    @Test
    void aTokenThatMustBeRefreshedIsAnsweredByTheRoute() {
        double byRoute = served("route");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            // expiring it drops it from memory; unless the timer route refreshes first, the request finds no
            // token in memory, goes on to the route, which refreshes on demand
            control.expireIfCurrent("om", control.accessToken("om"));
            String token = given().header("Authorization", "Bearer " + KEY).when().get("/tokens/om")
                    .then().statusCode(200).header("Cache-Control", "no-store").extract().jsonPath()
                    .getString("access_token");
            assertThat(sandbox.tokenValid(token)).isTrue();
            assertThat(served("route")).isGreaterThan(byRoute);
        });
    }

    private double served(String via) {
        Counter counter = registry.find("bundle.token.served").tag("credential", "om").tag("via", via).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void answers401WithoutAKey() {
        given().when().get("/tokens/om")
                .then().statusCode(401).header("WWW-Authenticate", "Bearer")
                .body("error", equalTo("unauthorized")).body(not(containsString("sbx-")));
    }

    @Test
    void answers401WithAWrongKey() {
        given().header("Authorization", "Bearer wrong-" + KEY).when().get("/tokens/om").then().statusCode(401);
        given().header("Authorization", "Basic " + KEY).when().get("/tokens/om").then().statusCode(401);
    }

    @Test
    void answers404ForAnUnknownCredential() {
        given().header("Authorization", "Bearer " + KEY).when().get("/tokens/nope")
                .then().statusCode(404).body("error", equalTo("unknown_credential"));
    }

    @Test
    void onlyGetIsServed() {
        // the REST DSL declares GET only: platform-http matches no route for another method
        given().header("Authorization", "Bearer " + KEY).when().post("/tokens/om").then().statusCode(404);
    }

    @Test
    void answers503WithAReasonWhenNoValidTokenCanBeHadThenRecovers() {
        String token = control.accessToken("om");
        sandbox.tokenFaults().rate(Kind.HTTP_500, 1.0);
        control.expireIfCurrent("om", token);

        String body = given().header("Authorization", "Bearer " + KEY).when().get("/tokens/om")
                .then().statusCode(503).contentType("application/json")
                .body("error", equalTo("token_unavailable"))
                .body("reason", containsString("http_500"))
                .extract().asString();
        assertThat(body).doesNotContain(token).doesNotContain(sandbox.clientSecretForTests());

        sandbox.tokenFaults().clear();
        // the timer route retries after the backoff; no caller has to do anything
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().header("Authorization", "Bearer " + KEY)
                .when().get("/tokens/om").then().statusCode(200));
    }

    @Test
    void healthAndMetricsReportTheToken() {
        control.accessToken("om");
        given().when().get(Management.url("/q/health/ready")).then().statusCode(200)
                .body("checks.find { it.name == 'tokens' }.status", equalTo("UP"));
        given().when().get(Management.url("/q/health/ready")).then().statusCode(200);
        given().when().get(Management.url("/q/health/live")).then().statusCode(200);
        String metrics = given().when().get(Management.url("/q/metrics")).then().statusCode(200).extract().asString();
        assertThat(metrics).contains("bundle_token_refreshes_total{credential=\"om\"}")
                .contains("bundle_token_expires_in_seconds{credential=\"om\"}")
                .as("the dashboard's heap panel").contains("jvm_memory_used_bytes{area=\"heap\"");
    }
}
