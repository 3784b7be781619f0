package io.camelbundle.openapi;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.camelbundle.sandbox.OpenApiSandbox;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** POST /openapi/openkey/renew (routes/openapi-openkey-renewal.camel.yaml): /v3/user/is_login for a user. */
@QuarkusTest
class OpenApiOpenkeyRenewalTest {

    private static final String KEY = "Bearer test-api-key-5b2c";
    private static final String USER = "openid=0000000000000000000000000A1B2C3D&openkey=k%7E%20%2A%2B%2F%3D&pf=qzone";

    @Inject
    OpenApiSandbox sandbox;

    @AfterEach
    void reset() {
        sandbox.reset();
    }

    private Response renew(String form) {
        return given().header("Authorization", KEY).contentType("application/x-www-form-urlencoded").body(form)
                .when().post("/openapi/openkey/renew");
    }

    @Test
    void renewsAValidLogin() {
        Response r = renew(USER);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.header(OpenApiGateway.RET_CLASS_HEADER)).isEqualTo("ok");
        assertThat(r.jsonPath().getInt("ret")).isZero();
        assertThat(r.jsonPath().getString("msg")).isEqualTo("用户已登录"); // the sandbox's is_login answer
        assertThat(sandbox.lastParams()).containsEntry("openkey", "k~ *+/=").containsKey("sig");
    }

    @Test
    void acceptsAJsonBody() {
        Response r = given().header("Authorization", KEY).contentType("application/json")
                .body("{\"openid\":\"0000000000000000000000000A1B2C3D\",\"openkey\":\"k1\",\"pf\":\"qzone\"}")
                .when().post("/openapi/openkey/renew");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.jsonPath().getInt("ret")).isZero();
    }

    @Test
    void expiredLoginIsLoginGone() {
        Response r = renew(USER.replace("openkey=k%7E", "openkey=expired"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.jsonPath().getInt("ret")).isEqualTo(1002);
        assertThat(r.header(OpenApiGateway.RET_CLASS_HEADER)).isEqualTo("login_gone");
    }

    @Test
    void missingOpenkeyIs400AndNothingIsSent() {
        Response r = renew("openid=A&pf=qzone");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.jsonPath().getString("parameter")).isEqualTo("openkey");
        assertThat(sandbox.requests()).isZero();
    }

    @Test
    void needsAnApiKeyAndPost() {
        given().contentType("application/x-www-form-urlencoded").body(USER).when().post("/openapi/openkey/renew")
                .then().statusCode(401);
        int status = given().header("Authorization", KEY).when().get("/openapi/openkey/renew?" + USER).statusCode();
        assertThat(status).isIn(404, 405);
        assertThat(sandbox.requests()).isZero();
    }
}
