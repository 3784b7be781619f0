package io.camelbundle.sandbox;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.camelbundle.sandbox.Faults.Kind;
import io.camelbundle.tze.TzeBinding;
import io.camelbundle.tze.TzeBindingStore;
import io.camelbundle.tze.TzeConfig;
import io.camelbundle.tze.TzeMessage.LinkMessage;
import io.camelbundle.tze.TzeMessageEnvelope;
import io.camelbundle.tze.TzeMessageEnvelope.Mode;
import io.camelbundle.tze.TzeMessageValidator;
import io.camelbundle.tze.TzeOauthException;
import io.camelbundle.tze.TzeOauthToken;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The TZE sandbox over HTTP with the bundle's own beans, wired by the test profile: fake login, oauthCode
 * exchange through route tze-oauth-exchange, binding on the embedded H2, messages in both envelope modes,
 * refusals and faults.
 */
@QuarkusTest
class TzeSandboxResourceTest {

    static final String ACCESS = "sandbox-tze-access-test-3d8e";

    @Inject
    TzeSandbox sandbox;

    @Inject
    TzeConfig config;

    @Inject
    ProducerTemplate producer;

    @Inject
    TzeBindingStore bindings;

    @Inject
    TzeMessageValidator validator;

    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void clearFaults() {
        sandbox.oauthFaults().clear();
        sandbox.messageFaults().clear();
        sandbox.timeoutDelay(Duration.ofSeconds(3));
    }

    private String login(String personId) {
        return given().queryParam("personId", personId).when().get("/sandbox/tze/authorize")
                .then().statusCode(200).body("personId", equalTo(personId)).extract().path("oauthCode");
    }

    private JsonPath send(Mode mode, String accessToken, String personId, String oauthToken, String body) {
        String uri = messageUri(mode, accessToken, personId, oauthToken);
        return given().contentType("application/json").body(body).urlEncodingEnabled(false)
                .when().post(uri).then().statusCode(200).extract().jsonPath();
    }

    /** The URL as the route's Camel HTTP endpoint calls it: tze.message-url without its query, then query(). */
    private String messageUri(Mode mode, String accessToken, String personId, String oauthToken) {
        String url = config.messageUrl();
        return (url.contains("?") ? url.substring(0, url.indexOf('?')) : url) + '?'
                + TzeMessageEnvelope.query(url, mode, accessToken, personId, oauthToken);
    }

    private ObjectNode wireLink() {
        return validator.toWire(new LinkMessage("http://news.example/1", "https://m.news.example/1",
                "https://img.example/1.png", "标题", "B-1", "描述"));
    }

    /** The bundle's exchange of a code (route tze-oauth-exchange, called directly: one attempt). */
    private TzeOauthToken exchange(String code) throws TzeOauthException {
        Exchange e = producer.request("direct:tze-oauth-exchange", x -> x.getMessage().setBody(code));
        if (e.getException() instanceof TzeOauthException failure) {
            throw failure;
        }
        assertThat(e.getException()).isNull();
        return e.getMessage().getBody(TzeOauthToken.class);
    }

    @Test
    void configurationPointsAtTheSandbox() {
        assertThat(config.apiUrl()).endsWith("/sandbox/tze");
        assertThat(config.messageUrl()).isEqualTo(config.apiUrl() + "/message/send");
        assertThat(config.messageAuth()).isEqualTo(Mode.QUERY);
        assertThat(config.accessToken()).contains(ACCESS);
        assertThat(config.bindingLifetime()).isEqualTo(Duration.ofDays(15));
        assertThat(bindings.lifetime()).isEqualTo(Duration.ofDays(15));
    }

    @Test
    void loginExchangeBindAndSendEndToEnd() throws Exception {
        String code = login("p-e2e");
        TzeOauthToken token = exchange(code);
        assertThat(token.expiry()).isGreaterThan(System.currentTimeMillis() + Duration.ofDays(14).toMillis());
        bindings.bind("p-e2e", token.oauthToken(), token.expiry());

        TzeBinding binding = bindings.find("p-e2e").orElseThrow();
        ObjectNode wire = wireLink();
        JsonPath answer = send(config.messageAuth(), ACCESS, binding.personId(), binding.oauthToken(),
                TzeMessageEnvelope.body(config.messageAuth(), wire, binding.personId(), binding.oauthToken())
                        .toString());
        assertThat(answer.getString("retCode")).as(answer.getString("retDesc")).isEqualTo("000000");
        assertThat(bindings.touch("p-e2e", binding.oauthToken())).isTrue();
        assertThat(sandbox.deliveredTo("p-e2e")).singleElement()
                .satisfies(d -> assertThat(validator.toWire(d.message())).isEqualTo(wire));
    }

    @Test
    void bodyModeIsAcceptedToo() throws Exception {
        TzeOauthToken token = exchange(login("p-body"));
        String body = TzeMessageEnvelope.body(Mode.BODY, wireLink(), "p-body", token.oauthToken()).toString();
        JsonPath answer = send(Mode.BODY, ACCESS, "p-body", token.oauthToken(), body);
        assertThat(answer.getString("retCode")).as(answer.getString("retDesc")).isEqualTo("000000");
    }

    @Test
    void loginRedirectsWithPersonIdAndCode() {
        String location = given().redirects().follow(false)
                .queryParam("personId", "p 1").queryParam("redirect_uri", "http://localhost:8081/tze/oauth/callback")
                .when().get("/sandbox/tze/authorize")
                .then().statusCode(302).extract().header("Location");
        assertThat(location).startsWith("http://localhost:8081/tze/oauth/callback?personId=p+1&oauthCode=sbx-code-");
        given().queryParam("personId", "p").queryParam("redirect_uri", "javascript:alert(1)")
                .when().get("/sandbox/tze/authorize").then().statusCode(400);
        given().when().get("/sandbox/tze/authorize").then().statusCode(400);
    }

    @Test
    void aReusedCodeIsRefusedWithRetDesc() throws Exception {
        String code = login("p-reuse");
        exchange(code);
        given().contentType("application/json").body("{\"oauthCode\":\"" + code + "\"}")
                .queryParam("accessToken", ACCESS)
                .when().post("/sandbox/tze/oauth/getOauthToken")
                .then().statusCode(200).body("retCode", equalTo(TzeSandbox.BAD_CODE))
                .body("retDesc", equalTo("oauthCode invalid, expired or already used"));
        TzeOauthException e = catchThrowableOfType(TzeOauthException.class, () -> exchange(code));
        assertThat(e.kind()).isEqualTo(TzeOauthException.Kind.REFUSED);
        assertThat(e.retCode()).isEqualTo(TzeSandbox.BAD_CODE);
    }

    @Test
    void theExchangeChecksThePlatformAccessTokenAndTheBody() {
        String code = login("p-checks");
        given().contentType("application/json").body("{\"oauthCode\":\"" + code + "\"}")
                .queryParam("accessToken", "wrong").when().post("/sandbox/tze/oauth/getOauthToken")
                .then().statusCode(200).body("retCode", equalTo(TzeSandbox.BAD_ACCESS_TOKEN));
        given().contentType("application/x-www-form-urlencoded").formParam("oauthCode", code)
                .queryParam("accessToken", ACCESS).when().post("/sandbox/tze/oauth/getOauthToken")
                .then().statusCode(200).body("retCode", equalTo(TzeSandbox.BAD_REQUEST));
        given().contentType("application/json").body("{\"oauthCode\":")
                .queryParam("accessToken", ACCESS).when().post("/sandbox/tze/oauth/getOauthToken")
                .then().statusCode(200).body("retCode", equalTo(TzeSandbox.BAD_REQUEST));
        given().queryParam("accessToken", ACCESS).when().get("/sandbox/tze/oauth/getOauthToken")
                .then().statusCode(405);
    }

    @Test
    void invalidMessagesAreRefusedWithEveryProblem() throws Exception {
        TzeOauthToken token = exchange(login("p-invalid"));
        String form = "[" + "{\"key\":\"k\",\"value\":\"v\"},".repeat(6) + "{\"key\":\"k\",\"value\":\"v\"}]";
        String body = "{\"msgtype\":\"oa\",\"busiId\":\"b\",\"pcUrl\":\"http://a.example\",\"appUrl\":\"/relative\","
                + "\"oa\":{\"head\":{\"text\":\"" + "x".repeat(256) + "\"},\"body\":{\"imageUrl\":\"a.example/a.png\","
                + "\"form\":" + form + "}}}";
        JsonPath answer = send(Mode.QUERY, ACCESS, "p-invalid", token.oauthToken(), body);
        assertThat(answer.getString("retCode")).isEqualTo(TzeSandbox.BAD_MESSAGE);
        // seed 002's own limits, checked by the sandbox's transcription of the seed
        assertThat(List.of(answer.getString("retDesc").split("; "))).containsExactly(
                "oa.head.text: longer than 255 characters", "oa.body.form: at most 6 entries");
        // within the seed's limits, the bundle's stricter rules still apply
        String relative = "{\"msgtype\":\"oa\",\"busiId\":\"b\",\"pcUrl\":\"http://a.example\",\"appUrl\":\"/relative\","
                + "\"oa\":{\"head\":{\"text\":\"h\"},\"body\":{\"imageUrl\":\"a.example/a.png\"}}}";
        answer = send(Mode.QUERY, ACCESS, "p-invalid", token.oauthToken(), relative);
        assertThat(answer.getString("retCode")).isEqualTo(TzeSandbox.BAD_MESSAGE);
        assertThat(List.of(answer.getString("retDesc").split("; "))).containsExactly(
                "appUrl: '/relative' is not an absolute http(s) URL",
                "oa.body.imageUrl: 'a.example/a.png' is not an absolute http(s) URL");
        assertThat(sandbox.deliveredTo("p-invalid")).isEmpty();
    }

    @Test
    void messagesNeedAValidTokenOfThatPerson() throws Exception {
        TzeOauthToken token = exchange(login("p-token"));
        String text = "{\"msgtype\":\"text\",\"text\":{\"content\":\"hi\"}}";
        assertThat(send(Mode.QUERY, ACCESS, "p-token", "made-up", text).getString("retCode"))
                .isEqualTo(TzeSandbox.BAD_OAUTH_TOKEN);
        assertThat(send(Mode.QUERY, ACCESS, "someone-else", token.oauthToken(), text).getString("retCode"))
                .isEqualTo(TzeSandbox.PERSON_MISMATCH);
        assertThat(send(Mode.QUERY, "wrong", "p-token", token.oauthToken(), text).getString("retCode"))
                .isEqualTo(TzeSandbox.BAD_ACCESS_TOKEN);
    }

    @Test
    void injectedHttp500AndTimeout() throws Exception {
        sandbox.oauthFaults().failNext(Kind.HTTP_500, 1);
        String code = login("p-faults");
        TzeOauthException e = catchThrowableOfType(TzeOauthException.class, () -> exchange(code));
        assertThat(e.httpStatus()).isEqualTo(500);
        assertThat(e.transientFailure()).isTrue();

        // tze.timeout is PT2S in the test profile, the sandbox hangs PT3S
        sandbox.oauthFaults().failNext(Kind.TIMEOUT, 1);
        e = catchThrowableOfType(TzeOauthException.class, () -> exchange(code));
        assertThat(e.kind()).isEqualTo(TzeOauthException.Kind.TIMEOUT);

        assertThat(exchange(code).oauthToken()).as("faults did not use up the code").isNotBlank();

        sandbox.timeoutDelay(Duration.ofMillis(100));
        sandbox.messageFaults().failNext(Kind.TIMEOUT, 1);
        sandbox.messageFaults().failNext(Kind.HTTP_500, 1);
        String uri = messageUri(Mode.QUERY, ACCESS, "p-faults", "x");
        given().contentType("application/json").body("{}").urlEncodingEnabled(false).when().post(uri)
                .then().statusCode(500);
        given().contentType("application/json").body("{}").urlEncodingEnabled(false).when().post(uri)
                .then().statusCode(504);
    }
}
