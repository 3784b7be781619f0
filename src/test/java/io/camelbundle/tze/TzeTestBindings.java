package io.camelbundle.tze;

import static io.restassured.RestAssured.given;

import io.camelbundle.sandbox.TzeSandbox;

/** Binds a sandbox person the way a browser does: fake login for an oauthCode, then the bundle's callback. */
final class TzeTestBindings {

    static final String KEY = "test-api-key-5b2c";

    private TzeTestBindings() {
    }

    static String bind(TzeSandbox sandbox, String personId) {
        String code = sandbox.issueCode(personId);
        given().queryParam("personId", personId).queryParam("oauthCode", code)
                .when().get("/tze/oauth/callback").then().statusCode(200);
        return code;
    }
}
