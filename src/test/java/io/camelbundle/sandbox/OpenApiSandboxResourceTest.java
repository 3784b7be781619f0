package io.camelbundle.sandbox;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.camelbundle.openapi.OpenApiConfig;
import io.camelbundle.openapi.OpenApiSigner;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** The sandbox over HTTP: wire encoding, GET vs POST, charsets, XML, faults. */
@QuarkusTest
class OpenApiSandboxResourceTest {

    @Inject
    OpenApiSandbox sandbox;

    @Inject
    OpenApiSigner signer;

    @Inject
    OpenApiConfig config;

    @AfterEach
    void reset() {
        sandbox.reset();
    }

    private Map<String, String> common(String charset) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("openid", "0000000000000000000000000A1B2C3D");
        p.put("openkey", "key~with *special+/=chars");
        p.put("appid", config.appid().orElseThrow());
        p.put("pf", "qzone");
        p.put("userip", "112.90.139.30");
        if (charset != null) {
            p.put("charset", charset);
        }
        return p;
    }

    private Response get(String api, Map<String, String> params) {
        String query = signer.signedWireParams("GET", api, params);
        return given().urlEncodingEnabled(false).when().get("/sandbox/openapi" + api + "?" + query);
    }

    private Response post(String api, Map<String, String> params) {
        return given().contentType("application/x-www-form-urlencoded; charset=UTF-8")
                .body(signer.signedWireParams("POST", api, params)).when().post("/sandbox/openapi" + api);
    }

    @Test
    void signedGetAnswersUtf8Json() {
        Response r = get("/v3/user/get_info", common("utf-8"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.contentType()).isEqualToIgnoringWhitespace("application/json;charset=utf-8");
        String body = new String(r.asByteArray(), StandardCharsets.UTF_8);
        assertThat(body).contains("\"ret\":0").contains("沙箱用户");
    }

    @Test
    void withoutCharsetTheAnswerIsGbk() {
        Response r = get("/v3/user/get_info", common(null));
        assertThat(r.contentType()).contains("charset=gbk");
        assertThat(new String(r.asByteArray(), Charset.forName("GBK"))).contains("\"ret\":0").contains("沙箱用户");
    }

    @Test
    void signedPostFormIsAccepted() {
        Map<String, String> p = common("utf-8");
        p.put("fopenids", "AAA_BBB");
        Response r = post("/v3/user/get_multi_info", p);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.jsonPath().getInt("ret")).isZero();
        assertThat(r.jsonPath().getList("items")).hasSize(2);
    }

    @Test
    void tamperedOrRawSigIsRejected() {
        Map<String, String> p = common("utf-8");
        String wire = signer.signedWireParams("GET", "/v3/user/get_info", p).replace("userip=112.90.139.30",
                "userip=1.2.3.4");
        assertThat(given().urlEncodingEnabled(false).when().get("/sandbox/openapi/v3/user/get_info?" + wire)
                .jsonPath().getInt("ret")).isEqualTo(-5);

        // A sig containing '+' sent unencoded, as a naive client would: '+' arrives as a space
        String sig;
        int n = 0;
        do {
            p.put("n", String.valueOf(n++));
            sig = signer.sign("GET", "/v3/user/get_info", p);
        } while (!sig.contains("+"));
        String raw = signer.signedWireParams("GET", "/v3/user/get_info", p).replaceAll("sig=.*$", "sig=" + sig);
        assertThat(given().urlEncodingEnabled(false).when().get("/sandbox/openapi/v3/user/get_info?" + raw)
                .jsonPath().getInt("ret")).isEqualTo(-5);
        assertThat(get("/v3/user/get_info", p).jsonPath().getInt("ret")).isZero();
    }

    @Test
    void missingParameterUnknownApiAndExpiredOpenkey() {
        Map<String, String> p = common("utf-8");
        p.remove("pf");
        Response missing = get("/v3/user/get_info", p);
        assertThat(missing.jsonPath().getInt("ret")).isEqualTo(-1);
        assertThat(missing.jsonPath().getString("msg")).contains("pf");

        assertThat(get("/v3/user/unknown", common("utf-8")).jsonPath().getInt("ret")).isEqualTo(-9);

        Map<String, String> expired = common("utf-8");
        expired.put("openkey", "expired-123");
        assertThat(post("/v3/user/is_login", expired).jsonPath().getInt("ret")).isEqualTo(1002);
    }

    @Test
    void xmlFormat() {
        Map<String, String> p = common("utf-8");
        p.put("format", "xml");
        Response r = get("/v3/user/is_login", p);
        assertThat(r.contentType()).startsWith("text/xml");
        assertThat(r.asString()).contains("<data><ret>0</ret>");
    }

    @Test
    void faultsOnDemand() {
        sandbox.faults().failNext(Faults.Kind.ERROR_CODE, 1);
        assertThat(get("/v3/user/get_info", common("utf-8")).jsonPath().getInt("ret")).isEqualTo(-58);
        sandbox.faults().failNext(Faults.Kind.HTTP_500, 1);
        assertThat(get("/v3/user/get_info", common("utf-8")).statusCode()).isEqualTo(500);
        assertThat(get("/v3/user/get_info", common("utf-8")).jsonPath().getInt("ret")).isZero();
        assertThat(sandbox.requests()).isEqualTo(3);
    }
}
