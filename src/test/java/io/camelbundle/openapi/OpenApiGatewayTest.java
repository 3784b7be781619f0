package io.camelbundle.openapi;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.camelbundle.sandbox.Faults;
import io.camelbundle.sandbox.OpenApiSandbox;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** /openapi/v3/... end to end: gateway route, OpenApiClient, OpenAPI sandbox. */
@QuarkusTest
class OpenApiGatewayTest {

    private static final String KEY = "Bearer test-api-key-5b2c";
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
    void useripFromQViaOfATrustedPeer() {
        // Tests run from 127.0.0.1, which %test.openapi.trusted-proxies trusts
        given().header("Authorization", KEY).header("QVia", "705a8b1ebd6e4d32aa5c6bb83ec2ceaad3d3608c")
                .urlEncodingEnabled(false).when().get("/openapi/v3/user/is_login?" + USER).then().statusCode(200);
        assertThat(sandbox.lastParams()).containsEntry("userip", "112.90.139.30");

        given().header("Authorization", KEY).header("QVia", "01020304bd6e4d32aa5c6bb83ec2ceaad3d3608c")
                .urlEncodingEnabled(false).when().get("/openapi/v3/user/is_login?" + USER).then().statusCode(200);
        assertThat(sandbox.lastParams()).doesNotContainKey("userip");

        given().header("Authorization", KEY).header("X-Forwarded-For", "203.0.113.9, 127.0.0.1")
                .urlEncodingEnabled(false).when().get("/openapi/v3/user/is_login?" + USER).then().statusCode(200);
        assertThat(sandbox.lastParams()).containsEntry("userip", "203.0.113.9");
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
    void noAnswerIs504() {
        sandbox.faults().failNext(Faults.Kind.HTTP_500, 3);
        Response r = get("user/get_info", USER);
        assertThat(r.statusCode()).isEqualTo(504);
        assertThat(r.jsonPath().getString("error")).isEqualTo("openapi_unavailable");
        assertThat(r.asString()).doesNotContain("k~", "openkey");
        assertThat(sandbox.requests()).isEqualTo(3);
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
