package io.camelbundle.tze;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import java.net.URL;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.camelbundle.persistence.Jdbc;
import io.camelbundle.sandbox.Faults;
import io.camelbundle.sandbox.TzeSandbox;
import io.camelbundle.support.CapturedLogs;
import io.camelbundle.support.Management;
import io.camelbundle.support.PrometheusScrape;
import io.camelbundle.support.Sha256;
import io.camelbundle.token.TokenControl;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** POST /tze/oauth/links, GET /tze/oauth/callback and GET|DELETE /tze/bindings/{personId} against the TZE sandbox. */
@QuarkusTest
class TzeOauthCallbackTest {

    private static final String CALLBACKS = "bundle_tze_oauth_callbacks_total";

    @Inject
    TzeSandbox sandbox;

    @Inject
    TzeBindingStore bindings;

    @Inject
    TokenControl tokens;

    @Inject
    TzeOauthStates states;

    @Inject
    DataSource dataSource;

    @TestHTTPResource
    URL root;

    int port;

    @BeforeEach
    void port() {
        port = root.getPort();
    }

    /** A state for a personId JSON cannot carry verbatim in the test's hand-written body. */
    private String stateFor(String person) {
        return states.issue(person).state();
    }

    private static String person() {
        return "person-" + UUID.randomUUID();
    }

    @Test
    void theLoginLinkLeadsThroughTzesLoginToTheCallbackWhichBindsThatPerson() {
        String person = person();
        double bound = PrometheusScrape.value(CALLBACKS, "outcome=\"bound\"");
        double refused = PrometheusScrape.value(CALLBACKS, "outcome=\"refused\"");
        var link = given().header("Authorization", "Bearer " + TzeTestBindings.KEY).contentType("application/json")
                .body("{\"personId\":\"" + person + "\"}")
                .when().post("/tze/oauth/links").then().statusCode(200).extract().jsonPath();
        String url = link.getString("url");
        assertThat(url).startsWith(
                "http://localhost:" + port + "/sandbox/tze/authorize?personId=" + person + "&redirect_uri=");
        assertThat(Instant.parse(link.getString("expiresAt"))).isAfter(Instant.now().plusSeconds(9 * 60))
                .isBefore(Instant.now().plusSeconds(11 * 60));
        String callback = given().urlEncodingEnabled(false).redirects().follow(false).when().get(url).then()
                .statusCode(302).extract().header("Location");
        assertThat(callback).contains("/tze/oauth/callback?state=").contains("&oauthCode=");
        String page = given().urlEncodingEnabled(false).when().get(callback)
                .then().statusCode(200).contentType(containsString("text/html")).body(containsString("bound until"))
                .header("Cache-Control", "no-store").header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
                .header("Referrer-Policy", "no-referrer")
                .extract().asString();
        TzeBinding binding = bindings.find(person).orElseThrow();
        assertThat(sandbox.expiryOf(binding.oauthToken())).isEqualTo(binding.expiresAt());
        assertThat(page).doesNotContain(binding.oauthToken());
        // the state works once
        given().urlEncodingEnabled(false).when().get(callback).then().statusCode(400)
                .body(containsString("already used"));
        // counted for the operator (other tests of this application may call the callback meanwhile: at least)
        assertThat(PrometheusScrape.value(CALLBACKS, "outcome=\"bound\"")).isGreaterThanOrEqualTo(bound + 1);
        assertThat(PrometheusScrape.value(CALLBACKS, "outcome=\"refused\"")).isGreaterThanOrEqualTo(refused + 1);
    }

    @Test
    void loginLinksNeedTheKeyAndAPersonId() {
        given().contentType("application/json").body("{\"personId\":\"p\"}").when().post("/tze/oauth/links")
                .then().statusCode(401);
        given().header("Authorization", "Bearer " + TzeTestBindings.KEY).contentType("application/json").body("{}")
                .when().post("/tze/oauth/links").then().statusCode(400).body(containsString("personId"));
        given().header("Authorization", "Bearer " + TzeTestBindings.KEY).contentType("application/json")
                .body("{\"personId\":\"" + "x".repeat(201) + "\"}")
                .when().post("/tze/oauth/links").then().statusCode(400).body(containsString("personId"));
        given().header("Authorization", "Bearer " + TzeTestBindings.KEY).contentType("application/json")
                .body("{\"personId\":\"a\\u0000b\"}")
                .when().post("/tze/oauth/links").then().statusCode(400)
                .body(containsString("personId: contains a control character (U+0000 at index 1)"));
        given().queryParam("personId", "a\u0000b").queryParam("oauthCode", "c").queryParam("state", "s")
                .when().get("/tze/oauth/callback").then().statusCode(400)
                .body(containsString("personId is not valid."));
        given().header("Authorization", "Bearer " + TzeTestBindings.KEY).contentType("application/json")
                .body("not json")
                .when().post("/tze/oauth/links").then().statusCode(400).body(containsString("not valid JSON"));
        // which person is meant must not depend on which of two values a parser keeps
        given().header("Authorization", "Bearer " + TzeTestBindings.KEY).contentType("application/json")
                .body("{\"personId\":\"alice\",\"personId\":\"eve\"}")
                .when().post("/tze/oauth/links").then().statusCode(400)
                .body(containsString("not valid JSON: Duplicate field 'personId'"));
        given().header("Authorization", "Bearer " + TzeTestBindings.KEY).contentType("application/json")
                .body("{\"personId\":\"alice\"} {\"personId\":\"eve\"}")
                .when().post("/tze/oauth/links").then().statusCode(400).body(containsString("not valid JSON"));
    }

    /**
     * The takeover of issue 14: eve obtains a code for herself and sends alice's personId to the callback,
     * without a state, with an unknown one, with her own, with a used one or an expired one. Each is a 400 page,
     * TZE never sees the code, alice's binding stays as it was, and eve's code still works for eve.
     */
    @Test
    void aCallbackWithoutAValidStateForThatPersonIsRefusedBeforeAnyExchange() {
        String alice = person();
        String eve = person();
        TzeTestBindings.bind(sandbox, alice);
        TzeBinding aliceBefore = bindings.find(alice).orElseThrow();
        String eveCode = sandbox.issueCode(eve);
        String used = TzeTestBindings.state(alice);
        given().queryParam("personId", alice).queryParam("oauthCode", sandbox.issueCode(alice))
                .queryParam("state", used)
                .when().get("/tze/oauth/callback").then().statusCode(200);
        aliceBefore = bindings.find(alice).orElseThrow();
        String expired = TzeTestBindings.state(alice);
        expire(expired);

        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("missing", null);
        refused.put("unknown", "no-such-state-" + UUID.randomUUID());
        refused.put("other person's", TzeTestBindings.state(eve));
        refused.put("reused", used);
        refused.put("expired", expired);
        int requests = sandbox.oauthRequests();
        for (var attempt : refused.entrySet()) {
            var request = given().queryParam("personId", alice).queryParam("oauthCode", eveCode);
            if (attempt.getValue() != null) {
                request.queryParam("state", attempt.getValue());
            }
            var response = request.when().get("/tze/oauth/callback");
            assertThat(response.statusCode()).as(attempt.getKey() + " state").isEqualTo(400);
            assertThat(response.contentType()).as(attempt.getKey() + " state").contains("text/html");
            assertThat(response.header("Cache-Control")).as(attempt.getKey() + " state").isEqualTo("no-store");
            assertThat(response.asString()).as(attempt.getKey() + " state").contains("TZE binding failed");
        }
        assertThat(sandbox.oauthRequests()).as("no code was exchanged").isEqualTo(requests);
        assertThat(bindings.find(alice)).as("alice's binding unchanged").contains(aliceBefore);

        // eve's code was not spent, and eve's own state (refused for alice) still binds eve
        String eveState = TzeTestBindings.state(eve);
        given().queryParam("personId", eve).queryParam("oauthCode", eveCode).queryParam("state", eveState)
                .when().get("/tze/oauth/callback").then().statusCode(200);
        assertThat(bindings.find(eve).orElseThrow().oauthToken()).isNotEqualTo(aliceBefore.oauthToken());
        assertThat(bindings.find(alice)).contains(aliceBefore);
    }

    /** A personId with a line break (%0a in the URL) cannot forge a log line. */
    @Test
    void outsideValuesAreLoggedWithTheirLineBreaksEscaped() {
        List<String> lines = CapturedLogs.of(TzeOauthFlow.class, () -> given()
                .queryParam("personId", "mallory\n12:00:00.000 INFO  [i.c.t.TzeOauthFlow] TZE person admin bound")
                .queryParam("oauthCode", "x").queryParam("state", "forged")
                .when().get("/tze/oauth/callback").then().statusCode(400));
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("mallory\\n12:00:00.000"));
        assertThat(lines).allSatisfy(line -> assertThat(line).doesNotContain("\n"));
    }

    private void expire(String state) {
        try {
            Jdbc.update(dataSource, "UPDATE tze_oauth_state SET expires_at = 1 WHERE state_hash = ?", Sha256.of(state));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
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
    void aReusedOauthCodeShowsAReasonCodeNotTzesTextAndChangesNothing() {
        String person = person();
        String code = TzeTestBindings.bind(sandbox, person);
        TzeBinding before = bindings.find(person).orElseThrow();
        String page = given().queryParam("personId", person).queryParam("oauthCode", code)
                .queryParam("state", TzeTestBindings.state(person))
                .when().get("/tze/oauth/callback")
                .then().statusCode(400).contentType(containsString("text/html"))
                .body(containsString("(refused:")).extract().asString();
        assertThat(page).as("the vendor's retDesc stays in the log").doesNotContain("oauthCode invalid");
        assertThat(bindings.find(person)).contains(before);
        // another person presenting the used code does not get bound either
        String other = person();
        given().queryParam("personId", other).queryParam("oauthCode", code)
                .queryParam("state", TzeTestBindings.state(other))
                .when().get("/tze/oauth/callback").then().statusCode(400);
        assertThat(bindings.read(other)).isEmpty();
    }

    @Test
    void aFailureOfThisSystemIsA500PageThatNamesNothingOfTheCause() throws SQLException {
        String person = person();
        String code = sandbox.issueCode(person);
        String state = stateFor(person);
        // the binding cannot be stored: the database answers with an error naming the table
        Jdbc.update(dataSource, "ALTER TABLE tze_binding RENAME TO tze_binding_away");
        String page;
        try {
            page = given().queryParam("personId", person).queryParam("oauthCode", code).queryParam("state", state)
                    .when().get("/tze/oauth/callback")
                    .then().statusCode(500).contentType(containsString("text/html"))
                    .body(containsString("went wrong on this system")).extract().asString();
        } finally {
            Jdbc.update(dataSource, "ALTER TABLE tze_binding_away RENAME TO tze_binding");
        }
        assertThat(page).doesNotContainIgnoringCase("tze_binding").doesNotContain("Exception").doesNotContain("at io.");
        assertThat(bindings.read(person)).isEmpty();
    }

    /** Platform-http answers an unexpected failure with an empty 500; these endpoints say internal_error. */
    @Test
    void theJsonEndpointsAnswerAFailureOfThisSystemWithAJson500ThatNamesNothingOfTheCause() throws SQLException {
        String person = person();
        Jdbc.update(dataSource, "ALTER TABLE tze_binding RENAME TO tze_binding_away");
        Jdbc.update(dataSource, "ALTER TABLE tze_oauth_state RENAME TO tze_oauth_state_away");
        List<String> answers = new java.util.ArrayList<>();
        try {
            answers.add(given().header("Authorization", "Bearer " + TzeTestBindings.KEY)
                    .when().get("/tze/bindings/" + person)
                    .then().statusCode(500).contentType(containsString("application/json"))
                    .body("error", org.hamcrest.Matchers.equalTo("internal_error")).extract().asString());
            answers.add(given().header("Authorization", "Bearer " + TzeTestBindings.KEY)
                    .when().delete("/tze/bindings/" + person)
                    .then().statusCode(500).body("error", org.hamcrest.Matchers.equalTo("internal_error"))
                    .extract().asString());
            answers.add(given().header("Authorization", "Bearer " + TzeTestBindings.KEY)
                    .contentType("application/json").body("{\"personId\":\"" + person + "\"}")
                    .when().post("/tze/oauth/links")
                    .then().statusCode(500).body("error", org.hamcrest.Matchers.equalTo("internal_error"))
                    .extract().asString());
        } finally {
            Jdbc.update(dataSource, "ALTER TABLE tze_binding_away RENAME TO tze_binding");
            Jdbc.update(dataSource, "ALTER TABLE tze_oauth_state_away RENAME TO tze_oauth_state");
        }
        assertThat(answers).allSatisfy(a -> assertThat(a).doesNotContainIgnoringCase("tze_").doesNotContain("Exception")
                .doesNotContain(person));
    }

    @Test
    void aCallbackWithoutPersonIdIsA400PageAndBindsNobody() {
        String code = sandbox.issueCode("somebody");
        int before = sandbox.oauthRequests();
        given().queryParam("oauthCode", code).queryParam("state", TzeTestBindings.state("somebody"))
                .when().get("/tze/oauth/callback")
                .then().statusCode(400).contentType(containsString("text/html")).body(containsString("personId"));
        assertThat(sandbox.oauthRequests()).isEqualTo(before);
    }

    @Test
    void whatTheBrowserSentIsHtmlEscaped() {
        String person = "<script>alert(1)</script>";
        String code = sandbox.issueCode(person);
        given().queryParam("personId", person).queryParam("oauthCode", code).queryParam("state", stateFor(person))
                .when().get("/tze/oauth/callback")
                .then().statusCode(200).body(not(containsString("<script>")))
                .body(containsString("&lt;script&gt;"));
        assertThat(TzeOauthFlow.escape("a<b>&\"'")).isEqualTo("a&lt;b&gt;&amp;&quot;&#39;");
    }

    @Test
    void aRefusedPlatformAccessTokenIsExpiredRefreshedAndTheExchangeMadeOnceMore() {
        String person = person();
        String code = sandbox.issueCode(person);
        int requests = sandbox.oauthRequests();
        long version = tokens.peek("tze").version();
        sandbox.oauthFaults().failNext(Faults.Kind.TOKEN_INVALID, 1);
        try {
            given().queryParam("personId", person).queryParam("oauthCode", code)
                    .queryParam("state", TzeTestBindings.state(person)).when().get("/tze/oauth/callback")
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
            given().queryParam("personId", person).queryParam("oauthCode", code)
                    .queryParam("state", TzeTestBindings.state(person)).when().get("/tze/oauth/callback")
                    .then().statusCode(502).body(containsString("platform accessToken"))
                    .body(containsString("(refused:100001)"))
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
