package io.camelbundle.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.camelbundle.sandbox.Faults;
import io.camelbundle.sandbox.OpenApiSandbox;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The tencent-openapi-call-action Kamelet end to end against the OpenAPI sandbox, called as routes call it: from a
 * route, which the redelivery rules of routes/openapi-retries.camel.yaml apply to.
 */
@QuarkusTest
class OpenApiCallKameletTest {

    private static final String GET_INFO = "kamelet:tencent-openapi-call-action?apiPath=/v3/user/get_info";
    private static final String USER = "{\"openid\":\"0000000000000000000000000A1B2C3D\",\"openkey\":\"k~ *+/=\","
            + "\"pf\":\"qzone\",\"userip\":\"112.90.139.30\"";
    private final ObjectMapper json = new ObjectMapper();

    @Inject
    ProducerTemplate template;

    @Inject
    CamelContext camel;

    @Inject
    OpenApiSandbox sandbox;

    @AfterEach
    void reset() {
        sandbox.reset();
    }

    /** A route of the kind users write: it calls the Kamelet and has the bundle's route configurations. */
    @BeforeEach
    void callerRoute() throws Exception {
        if (camel.getRoute("openapi-kamelet-caller") == null) {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:openapi-kamelet-caller").routeId("openapi-kamelet-caller").toD("${header.Kamelet}");
                }
            });
        }
    }

    private Exchange send(String uri, String body) {
        return template.request("direct:openapi-kamelet-caller", e -> {
            e.getMessage().setHeader("Kamelet", uri);
            e.getMessage().setBody(body);
        });
    }

    @Test
    void getInfoAnswersJsonWithRetHeader() throws Exception {
        Exchange e = send(GET_INFO, USER + "}");
        assertThat(e.getException()).isNull();
        assertThat(e.getMessage().getHeader("ret", Integer.class)).isZero();
        JsonNode answer = json.readTree(e.getMessage().getBody(String.class));
        assertThat(answer.get("nickname").asText()).startsWith("沙箱用户");
    }

    @Test
    void postMultiInfoInGbkAndXml() throws Exception {
        Exchange e = send("kamelet:tencent-openapi-call-action?apiPath=/v3/user/get_multi_info&method=POST",
                USER + ",\"fopenids\":\"A_B_C\",\"charset\":\"gbk\",\"format\":\"xml\"}");
        assertThat(e.getException()).isNull();
        JsonNode answer = json.readTree(e.getMessage().getBody(String.class));
        assertThat(answer.get("items")).hasSize(3);
        assertThat(answer.get("items").get(0).get("nickname").asText()).startsWith("沙箱用户");
    }

    @Test
    void expiredOpenkeyRaisesLoginGone() {
        Exchange e = send(GET_INFO, USER.replace("k~ *+/=", "expired-1") + "}");
        assertThat(e.getException()).isInstanceOf(OpenApiLoginGoneException.class);
        assertThat(((OpenApiException) e.getException()).ret()).isEqualTo(1002);
        assertThat(e.getException().getMessage()).doesNotContain("expired-1");
    }

    @Test
    void unknownApiRaisesCallException() {
        Exchange e = send("kamelet:tencent-openapi-call-action?apiPath=/v3/user/nope", USER + "}");
        assertThat(e.getException()).isExactlyInstanceOf(OpenApiCallException.class);
        assertThat(((OpenApiException) e.getException()).ret()).isEqualTo(-9);
    }

    @Test
    void badSignatureRaisesItsOwnException() {
        sandbox.errorCode(-5);
        sandbox.faults().failNext(Faults.Kind.ERROR_CODE, 1);
        Exchange e = send(GET_INFO, USER + "}");
        assertThat(e.getException()).isExactlyInstanceOf(OpenApiBadSignatureException.class);
        assertThat(((OpenApiException) e.getException()).ret()).isEqualTo(-5);
        assertThat(sandbox.requests()).isEqualTo(1); // deterministic: never retried
    }

    @Test
    void transientAnswerOfAnUnsafeCallIsNotRetried() {
        sandbox.faults().failNext(Faults.Kind.ERROR_CODE, 1);
        Exchange e = send("kamelet:tencent-openapi-call-action?apiPath=/v3/relation/is_friend&method=POST",
                USER + "}");
        assertThat(e.getException()).isExactlyInstanceOf(OpenApiTransientException.class);
        assertThat(((OpenApiException) e.getException()).ret()).isEqualTo(-58);
        assertThat(sandbox.requests()).isEqualTo(1);
    }

    @Test
    void missingUserParameterIsRefusedBeforeSending() {
        Exchange e = send(GET_INFO, "{\"openid\":\"A\",\"openkey\":\"k\"}");
        assertThat(e.getException()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pf");
        assertThat(sandbox.requests()).isZero();
    }

    @Test
    void isLoginRenewsFromARoute() throws Exception {
        Exchange e = send("kamelet:tencent-openapi-call-action?apiPath=/v3/user/is_login", USER + "}");
        assertThat(e.getException()).isNull();
        assertThat(e.getMessage().getHeader("ret", Integer.class)).isZero();
        assertThat(json.readTree(e.getMessage().getBody(String.class)).get("ret").asInt()).isZero();
    }

    @Test
    void transientAnswerOfASafeCallIsRetried() {
        sandbox.faults().failNext(Faults.Kind.ERROR_CODE, 1);
        Exchange e = send(GET_INFO, USER + "}");
        assertThat(e.getException()).isNull();
        assertThat(sandbox.requests()).isEqualTo(2);
    }

    @Test
    void timeoutIsTransient() {
        sandbox.timeoutDelay(java.time.Duration.ofSeconds(4));
        sandbox.faults().failNext(Faults.Kind.TIMEOUT, 1);
        // is_login is safe to repeat: the second attempt answers
        Exchange e = send("kamelet:tencent-openapi-call-action?apiPath=/v3/user/is_login", USER + "}");
        assertThat(e.getException()).isNull();
        assertThat(sandbox.requests()).isEqualTo(2);
    }
}
