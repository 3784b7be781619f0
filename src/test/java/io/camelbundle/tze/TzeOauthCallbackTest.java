package io.camelbundle.tze;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.camelbundle.sandbox.Faults;
import io.camelbundle.sandbox.TzeSandbox;
import io.camelbundle.support.Management;
import io.camelbundle.token.TokenControl;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** GET /tze/oauth/callback and GET|DELETE /tze/bindings/{personId} against the TZE sandbox. */
@QuarkusTest
class TzeOauthCallbackTest {

    @Inject
    TzeSandbox sandbox;

    @Inject
    TzeBindingStore bindings;

    @Inject
    TokenControl tokens;

    private static String person() {
        return "person-" + UUID.randomUUID();
    }

    @Test
    void theCallbackExchangesTheCodeStoresTheBindingAndAnswersHtml() {
        String person = person();
        String code = sandbox.issueCode(person);
        String page = given().queryParam("personId", person).queryParam("oauthCode", code)
                .when().get("/tze/oauth/callback")
                .then().statusCode(200).contentType(containsString("text/html")).body(containsString("bound until"))
                .extract().asString();
        TzeBinding binding = bindings.find(person).orElseThrow();
        assertThat(sandbox.expiryOf(binding.oauthToken())).isEqualTo(binding.expiresAt());
        assertThat(page).doesNotContain(binding.oauthToken());
    }

    @Test
    void theStatusTellsUntilWhenButNeverTheTokenAndDeleteUnbinds() {
        String person = person();
        TzeTestBindings.bind(sandbox, person);
        TzeBinding binding = bindings.find(person).orElseThrow();
        JsonPath status = given().header("Authorization", "Bearer " + TzeTestBindings.KEY)
                .when().get("/tze/bindings/" + person)
                .then().statusCode(200).body(not(containsString(binding.oauthToken()))).extract().jsonPath();
        assertThat(status.getBoolean("bound")).isTrue();
        assertThat(status.getString("state")).isEqualTo("bound");
        assertThat(Instant.parse(status.getString("expiresAt")).toEpochMilli()).isEqualTo(binding.expiresAt());

        given().when().get("/tze/bindings/" + person).then().statusCode(401);
        given().when().delete("/tze/bindings/" + person).then().statusCode(401);
        assertThat(bindings.find(person)).isPresent();

        given().header("Authorization", "Bearer " + TzeTestBindings.KEY).when().delete("/tze/bindings/" + person)
                .then().statusCode(200);
        assertThat(bindings.read(person)).isEmpty();
        given().header("Authorization", "Bearer " + TzeTestBindings.KEY).when().get("/tze/bindings/" + person)
                .then().statusCode(404).body(containsString("\"bound\":false"));
    }

    @Test
    void aReusedOauthCodeShowsRetDescAndChangesNothing() {
        String person = person();
        String code = TzeTestBindings.bind(sandbox, person);
        TzeBinding before = bindings.find(person).orElseThrow();
        given().queryParam("personId", person).queryParam("oauthCode", code)
                .when().get("/tze/oauth/callback")
                .then().statusCode(400).contentType(containsString("text/html"))
                .body(containsString("oauthCode invalid, expired or already used"));
        assertThat(bindings.find(person)).contains(before);
        // another person presenting the used code does not get bound either
        String other = person();
        given().queryParam("personId", other).queryParam("oauthCode", code).when().get("/tze/oauth/callback")
                .then().statusCode(400);
        assertThat(bindings.read(other)).isEmpty();
    }

    @Test
    void aCallbackWithoutPersonIdIsA400PageAndBindsNobody() {
        String code = sandbox.issueCode("somebody");
        int before = sandbox.oauthRequests();
        given().queryParam("oauthCode", code).when().get("/tze/oauth/callback")
                .then().statusCode(400).contentType(containsString("text/html")).body(containsString("personId"));
        assertThat(sandbox.oauthRequests()).isEqualTo(before);
    }

    @Test
    void whatTheBrowserSentIsHtmlEscaped() {
        String person = "<script>alert(1)</script>";
        String code = sandbox.issueCode(person);
        given().queryParam("personId", person).queryParam("oauthCode", code).when().get("/tze/oauth/callback")
                .then().statusCode(200).body(not(containsString("<script>")))
                .body(containsString("&lt;script&gt;"));
        assertThat(TzeHttpApi.escape("a<b>&\"'")).isEqualTo("a&lt;b&gt;&amp;&quot;&#39;");
    }

    @Test
    void aRefusedPlatformAccessTokenIsExpiredRefreshedAndTheExchangeMadeOnceMore() {
        String person = person();
        String code = sandbox.issueCode(person);
        int requests = sandbox.oauthRequests();
        long version = tokens.peek("tze").version();
        sandbox.oauthFaults().failNext(Faults.Kind.TOKEN_INVALID, 1);
        try {
            given().queryParam("personId", person).queryParam("oauthCode", code).when().get("/tze/oauth/callback")
                    .then().statusCode(200).body(containsString("bound until"));
        } finally {
            sandbox.oauthFaults().clear();
        }
        assertThat(sandbox.oauthRequests() - requests).as("the exchange and exactly one retry").isEqualTo(2);
        assertThat(tokens.peek("tze").version()).as("expired and stored again").isGreaterThan(version);
        assertThat(bindings.find(person)).isPresent();
    }

    @Test
    void aPlatformAccessTokenRefusedAgainIsA502PageAndNotALoop() {
        String person = person();
        String code = sandbox.issueCode(person);
        int requests = sandbox.oauthRequests();
        sandbox.oauthFaults().rate(Faults.Kind.TOKEN_INVALID, 1.0);
        try {
            given().queryParam("personId", person).queryParam("oauthCode", code).when().get("/tze/oauth/callback")
                    .then().statusCode(502).body(containsString("platform accessToken"))
                    .body(not(containsString(tokens.peek("tze").accessToken())));
        } finally {
            sandbox.oauthFaults().clear();
        }
        assertThat(sandbox.oauthRequests() - requests).isEqualTo(2);
        assertThat(bindings.read(person)).isEmpty();
    }

    @Test
    void theStaticPlatformTokenIsCredentialTzeAndValidForLong() {
        assertThat(tokens.credentials()).contains("tze");
        assertThat(tokens.accessToken("tze")).isEqualTo("sandbox-tze-access-test-3d8e");
        given().when().get(Management.url("/q/health/ready")).then().body(containsString("\"tze\""));
    }
}
