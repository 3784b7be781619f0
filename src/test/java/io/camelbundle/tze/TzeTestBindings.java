package io.camelbundle.tze;

import static io.restassured.RestAssured.given;

import io.camelbundle.sandbox.TzeSandbox;
import io.camelbundle.support.QueryStrings;

/**
 * Binds a sandbox person the way the flow runs: an internal server asks for a login link, the browser opens
 * it (the sandbox's fake login) and follows its redirect to the bundle's callback.
 */
public final class TzeTestBindings {

    static final String KEY = "test-api-key-5b2c";

    private TzeTestBindings() {
    }

    /** The whole flow for one person; returns the oauthCode the callback spent. */
    public static String bind(TzeSandbox sandbox, String personId) {
        String login = link(personId);
        String callback = given().urlEncodingEnabled(false).redirects().follow(false).when().get(login)
                .then().statusCode(302).extract().header("Location");
        given().urlEncodingEnabled(false).when().get(callback).then().statusCode(200);
        return QueryStrings.parameter(callback, "oauthCode");
    }

    /** POST /tze/oauth/links for the person: the login URL. */
    static String link(String personId) {
        return given().header("Authorization", "Bearer " + KEY).contentType("application/json")
                .body("{\"personId\":\"" + personId + "\"}")
                .when().post("/tze/oauth/links").then().statusCode(200).extract().jsonPath().getString("url");
    }

    /** A fresh state for the person, as the login link's redirect_uri carries it. */
    static String state(String personId) {
        return QueryStrings.parameter(QueryStrings.parameter(link(personId), "redirect_uri"), "state");
    }
}
