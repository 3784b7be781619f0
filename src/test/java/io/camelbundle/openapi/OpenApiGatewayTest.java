package io.camelbundle.openapi;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.camelbundle.sandbox.Faults;
import io.camelbundle.sandbox.OpenApiSandbox;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** /openapi/v3/... end to end: REST DSL, gateway routes with Camel HTTP, OpenAPI sandbox. */
@QuarkusTest
class OpenApiGatewayTest {

    private static final String KEY = "Bearer test-api-key-5b2c";
    /** Tests call from the loopback address, IPv4 or IPv6. */
    private static final String[] LOCAL_PEERS = {"127.0.0.1", "0:0:0:0:0:0:0:1", "::1"};
    private static final String USER = "openid=0000000000000000000000000A1B2C3D&openkey=k%7E%20%2A%2B%2F%3D&pf=qzone";

    @Inject
    OpenApiSandbox sandbox;

    @AfterEach
    void reset() {
        sandbox.reset();
        sandbox.timeoutDelay(Duration.ofSeconds(5));
    }

    private Response get(String api, String query) {
        return given().header("Authorization", KEY).urlEncodingEnabled(false).when()
                .get("/openapi/v3/" + api + "?" + query);
    }

    @Test
    void getIsSignedAndAnsweredAsJson() {
        Response r = get("user/get_info", USER + "&userip=1.2.3.4");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.header(OpenApiGateway.RET_CLASS_HEADER)).isEqualTo("ok");
        assertThat(r.jsonPath().getInt("ret")).isZero();
        assertThat(r.jsonPath().getString("nickname")).startsWith("沙箱用户");
        assertThat(sandbox.lastParams()).containsEntry("openkey", "k~ *+/=").containsEntry("userip", "1.2.3.4")
                .containsEntry("appid", "100000001").containsKey("sig");
    }

    @Test
    void callerCannotSetAppidSigOrFormat() {
        Response r = get("user/get_info", USER + "&appid=999&sig=forged&format=xml&charset=gbk");
        assertThat(r.jsonPath().getInt("ret")).isZero();
        assertThat(sandbox.lastParams()).containsEntry("appid", "100000001").containsEntry("format", "json")
                .containsEntry("charset", "utf-8");
    }

    @Test
    void postFormIsForwardedAsPost() {
        Response r = given().header("Authorization", KEY).contentType("application/x-www-form-urlencoded")
                .body(USER + "&fopenids=A_B").when().post("/openapi/v3/user/get_multi_info");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.jsonPath().getList("items")).hasSize(2);
    }

    @Test
    void answersAreNotCachedWhateverTheCallerAsks() {
        // Camel's default filter dropped the route's Cache-Control; a caller's own is not echoed back
        given().header("Authorization", KEY).header("Cache-Control", "max-age=600").urlEncodingEnabled(false)
                .when().get("/openapi/v3/user/is_login?" + USER).then().statusCode(200)
                .header("Cache-Control", "no-store");
    }

    @Test
    void useripFromQViaOfATrustedPeer() {
        // Tests run from 127.0.0.1, which %test.openapi.trusted-proxies trusts
        given().header("Authorization", KEY).header("QVia", "705a8b1ebd6e4d32aa5c6bb83ec2ceaad3d3608c")
                .urlEncodingEnabled(false).when().get("/openapi/v3/user/is_login?" + USER).then().statusCode(200);
        assertThat(sandbox.lastParams()).containsEntry("userip", "112.90.139.30");

        // A forged QVia is ignored: the peer address is used
        given().header("Authorization", KEY).header("QVia", "01020304bd6e4d32aa5c6bb83ec2ceaad3d3608c")
                .urlEncodingEnabled(false).when().get("/openapi/v3/user/is_login?" + USER).then().statusCode(200);
        assertThat(sandbox.lastParams().get("userip")).isIn((Object[]) LOCAL_PEERS);

        given().header("Authorization", KEY).header("X-Forwarded-For", "203.0.113.9, 127.0.0.1")
                .urlEncodingEnabled(false).when().get("/openapi/v3/user/is_login?" + USER).then().statusCode(200);
        assertThat(sandbox.lastParams()).containsEntry("userip", "203.0.113.9");

        // A valid QVia wins over X-Forwarded-For; the caller's own userip wins over both
        given().header("Authorization", KEY).header("QVia", "705a8b1ebd6e4d32aa5c6bb83ec2ceaad3d3608c")
                .header("X-Forwarded-For", "203.0.113.9").urlEncodingEnabled(false).when()
                .get("/openapi/v3/user/is_login?" + USER).then().statusCode(200);
        assertThat(sandbox.lastParams()).containsEntry("userip", "112.90.139.30");
        given().header("Authorization", KEY).header("QVia", "705a8b1ebd6e4d32aa5c6bb83ec2ceaad3d3608c")
                .urlEncodingEnabled(false).when().get("/openapi/v3/user/is_login?" + USER + "&userip=198.51.100.7")
                .then().statusCode(200);
        assertThat(sandbox.lastParams()).containsEntry("userip", "198.51.100.7");
    }

    @Test
    void useripIsThePeerWithoutProxyHeaders() {
        get("user/get_info", USER).then().statusCode(200);
        assertThat(sandbox.lastParams().get("userip")).isIn((Object[]) LOCAL_PEERS);
    }

    @Test
    void vendorErrorsPassThroughWithTheirClass() {
        Response r = get("user/is_login", USER.replace("k%7E", "expired"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.jsonPath().getInt("ret")).isEqualTo(1002);
        assertThat(r.header(OpenApiGateway.RET_CLASS_HEADER)).isEqualTo("login_gone");

        Response unknown = get("user/no_such_api", USER);
        assertThat(unknown.jsonPath().getInt("ret")).isEqualTo(-9);
        assertThat(unknown.header(OpenApiGateway.RET_CLASS_HEADER)).isEqualTo("other");
    }

    @Test
    void upstreamHttpErrorIs502AfterRetries() {
        sandbox.faults().failNext(Faults.Kind.HTTP_500, 3);
        Response r = get("user/get_info", USER);
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(r.jsonPath().getString("error")).isEqualTo("openapi_bad_answer");
        assertThat(r.asString()).doesNotContain("k~", "openkey");
        assertThat(sandbox.requests()).isEqualTo(3);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "html      | text/html; charset=utf-8       | <html><body><h1>502 Bad Gateway</h1></body></html>",
            "garbage   | application/json               | \u0001\u0002 not json at all",
            "empty     | application/json               | ''",
            "truncated | application/json; charset=utf-8 | {\"ret\":0,\"nickname\":\"abc"})
    void unusableUpstreamAnswerIs502WithoutStackTrace(String kind, String contentType, String body) {
        // A non-safe API (unknown to the sandbox, which answers the queued body first): one attempt
        sandbox.answerNextWith(200, contentType, body);
        Response r = get("relation/is_friend", USER);
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.jsonPath().getString("error")).isEqualTo("openapi_bad_answer");
        assertThat(r.asString()).doesNotContain("Exception", "\tat ", "k~", "openkey");
        assertThat(sandbox.requests()).isEqualTo(1);
    }

    @Test
    void timeoutIs504() {
        sandbox.timeoutDelay(Duration.ofSeconds(4)); // openapi.timeout is 3 s
        sandbox.faults().failNext(Faults.Kind.TIMEOUT, 1);
        Response r = get("relation/is_friend", USER); // not safe to repeat: a single attempt
        assertThat(r.statusCode()).isEqualTo(504);
        assertThat(r.jsonPath().getString("error")).isEqualTo("openapi_timeout");
        assertThat(r.asString()).doesNotContain("Exception", "k~");
    }

    @ParameterizedTest
    @ValueSource(strings = {"openid", "openkey", "pf"})
    void missingUserParameterIs400NamingIt(String name) {
        String query = java.util.Arrays.stream(USER.split("&")).filter(p -> !p.startsWith(name + "="))
                .collect(java.util.stream.Collectors.joining("&"));
        Response r = get("user/get_info", query);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.jsonPath().getString("error")).isEqualTo("missing_parameter");
        assertThat(r.jsonPath().getString("parameter")).isEqualTo(name);
        Response empty = get("user/get_info", query + "&" + name + "=");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.jsonPath().getString("parameter")).isEqualTo(name);
        assertThat(sandbox.requests()).isZero();
    }

    @Test
    void oversizeParametersAre413BeforeSending() {
        String big = "x".repeat(17_000); // openapi.gateway.max-param-bytes is 16384
        given().header("Authorization", KEY).contentType("application/x-www-form-urlencoded")
                .body(USER + "&fopenids=" + big).when().post("/openapi/v3/user/get_multi_info")
                .then().statusCode(413);
        Response json = given().header("Authorization", KEY).contentType("application/json")
                .body("{\"openid\":\"A\",\"openkey\":\"k\",\"pf\":\"qzone\",\"fopenids\":\"" + big + "\"}")
                .when().post("/openapi/v3/user/get_multi_info");
        assertThat(json.statusCode()).isEqualTo(413);
        assertThat(json.jsonPath().getString("error")).isEqualTo("too_large");
        assertThat(sandbox.requests()).isZero();
    }

    @Test
    void jsonBodyIsAcceptedAndPfAndOpenkeyPassByteForByte() {
        String openkey = "k~ *+/=&%25 密钥 \uD83D\uDE00";
        String pf = "qzone-测试+ ~";
        Response r = given().header("Authorization", KEY).contentType("application/json; charset=utf-8")
                .body("{\"openid\":\"0000000000000000000000000A1B2C3D\",\"openkey\":\"" + openkey
                        + "\",\"pf\":\"" + pf + "\"}")
                .when().post("/openapi/v3/user/get_info");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.jsonPath().getInt("ret")).isZero();
        assertThat(sandbox.lastParams().get("openkey")).isEqualTo(openkey);
        assertThat(sandbox.lastParams().get("pf")).isEqualTo(pf);
    }

    @Test
    void malformedJsonBodyIs400() {
        given().header("Authorization", KEY).contentType("application/json").body("{\"openid\":")
                .when().post("/openapi/v3/user/get_info").then().statusCode(400);
        assertThat(sandbox.requests()).isZero();
    }

    @Test
    void openApisJsonIsReturnedUnchanged() {
        String odd = "{\"ret\":0, \"msg\":\"\\u6c99\u7bb1\",\"score\":1.50,\"nested\":{\"a\":[1, 2]}}";
        sandbox.answerNextWith(200, "application/json; charset=utf-8", odd);
        Response ok = get("user/get_info", USER);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.asString()).isEqualTo(odd);

        String error = "{\"ret\":1002,\"msg\":\"请先登录\",\"extra\":true}";
        sandbox.answerNextWith(200, "application/json; charset=utf-8", error);
        Response gone = get("user/get_info", USER);
        assertThat(gone.statusCode()).isEqualTo(200);
        assertThat(gone.asString()).isEqualTo(error);
        assertThat(gone.header(OpenApiGateway.RET_CLASS_HEADER)).isEqualTo("login_gone");
    }

    @Test
    void unknownApiIsPassedThroughNotGuessed() {
        Response r = get("user/getinfo", USER); // close to get_info, but forwarded as is
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.jsonPath().getInt("ret")).isEqualTo(-9);
        assertThat(r.jsonPath().getString("msg")).contains("/v3/user/getinfo");
        assertThat(sandbox.requests()).isEqualTo(1);
    }

    @Test
    void apiKeyIsRequired() {
        given().urlEncodingEnabled(false).when().get("/openapi/v3/user/get_info?" + USER).then().statusCode(401);
        given().header("Authorization", "Bearer wrong").when().get("/openapi/v3/user/get_info").then().statusCode(401);
        assertThat(sandbox.requests()).isZero();
    }

    @Test
    void onlyV3PathsAndGetOrPost() {
        given().header("Authorization", KEY).when().get("/openapi/v3/").then().statusCode(404);
        // httpMethodRestrict: other methods never reach the gateway (platform-http answers 404 or 405)
        int status = given().header("Authorization", KEY).when().delete("/openapi/v3/user/get_info").statusCode();
        assertThat(status).isIn(404, 405);
        assertThat(sandbox.requests()).isZero();
    }
}
