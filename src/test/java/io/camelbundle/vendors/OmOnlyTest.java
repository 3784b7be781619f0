package io.camelbundle.vendors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import jakarta.inject.Inject;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.junit.jupiter.api.Test;

import io.camelbundle.persistence.OmOnlyPostgresProfile;
import io.camelbundle.support.Management;
import io.camelbundle.token.TokenControl;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** bundle.vendors=om: only OM's routes, endpoints and credential are there. */
@QuarkusTest
@TestProfile(OmOnlyPostgresProfile.class)
class OmOnlyTest {

    private static final String KEY = "Bearer test-api-key-5b2c";

    @Inject
    CamelContext camel;

    @Inject
    TokenControl tokens;

    @Test
    void onlyTheRoutesOfOmAndTheTokenControlAreLoaded() {
        assertThat(camel.getRoutes()).extracting(Route::getRouteId)
                .contains("om-file-drop", "om-queue", "om-redrive", "token-refresh", "tokens-api")
                .noneMatch(id -> id.startsWith("openapi-") || id.startsWith("tze-"));
    }

    @Test
    void endpointsOfTheVendorsNotListedAnswer404() {
        given().header("Authorization", KEY).when().get("/openapi/v3/user/get_info").then().statusCode(404);
        given().header("Authorization", KEY).when().post("/openapi/openkey/renew").then().statusCode(404);
        given().header("Authorization", KEY).contentType("application/json").body("{}").when()
                .post("/tze/messages").then().statusCode(404);
        given().when().get("/tze/oauth/callback?personId=p-1&oauthCode=c").then().statusCode(404);
        given().header("Authorization", KEY).when().get("/tze/bindings/p-1").then().statusCode(404);
    }

    @Test
    void onlyTheOmCredentialIsRegisteredAndReadinessWaitsForNoOther() {
        assertThat(tokens.credentials()).containsExactly("om");
        given().header("Authorization", KEY).when().get("/tokens/tze").then().statusCode(404)
                .body("error", equalTo("unknown_credential"));
        given().header("Authorization", KEY).when().get("/tokens/om").then().statusCode(200);
        given().when().get(Management.url("/q/health/ready")).then().statusCode(200)
                .body("checks.find { it.name == 'tokens' }.data", hasKey("om"))
                .body("checks.find { it.name == 'tokens' }.data", not(hasKey("tze")));
    }
}
