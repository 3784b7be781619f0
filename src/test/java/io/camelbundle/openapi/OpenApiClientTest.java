package io.camelbundle.openapi;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.camelbundle.support.QueryStrings;

class OpenApiClientTest {

    private static final String APPKEY = "client-test-appkey";
    private static final String OPENKEY = "OPENKEY~secret *+/=";
    private static final String SAFE = "/v3/user/get_info";
    private static final String UNSAFE = "/v3/relation/send_gift";
    private static WireMockServer server;

    private final OpenApiSigner signer = new OpenApiSigner(APPKEY);
    private final List<Duration> pauses = new ArrayList<>();
    private OpenApiClient client;

    @BeforeAll
    static void start() {
        server = new WireMockServer(options().dynamicPort());
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @BeforeEach
    void reset() {
        server.resetAll();
        client = client("utf-8", Duration.ofSeconds(3));
    }

    private OpenApiClient client(String charset, Duration timeout) {
        return new OpenApiClient(server.baseUrl() + "/", "1234", signer, "json", charset, timeout,
                Duration.ofSeconds(1), Set.of(SAFE), 3, Duration.ofMillis(100), Duration.ofSeconds(2), pauses::add);
    }

    private static Map<String, String> user() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("openid", "OPENID1");
        p.put("openkey", OPENKEY);
        p.put("pf", "qzone");
        p.put("userip", "112.90.139.30");
        return p;
    }

    private static void answer(String path, String contentType, byte[] body) {
        server.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withHeader("Content-Type", contentType)
                .withBody(body)));
    }

    private static void answerJson(String path, String json) {
        answer(path, "application/json; charset=utf-8", json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void getSendsEveryParameterSignedInTheQuery() {
        answerJson(SAFE, "{\"ret\":0,\"msg\":\"\",\"nickname\":\"张三\"}");
        JsonNode answer = client.call(SAFE, "get", user());
        assertThat(answer.get("nickname").asText()).isEqualTo("张三");

        LoggedRequest request = server.findAll(getRequestedFor(urlPathEqualTo(SAFE))).get(0);
        String rawQuery = request.getUrl().substring(request.getUrl().indexOf('?') + 1);
        assertThat(rawQuery).doesNotContain("+").contains("openkey=OPENKEY%7Esecret%20%2A%2B%2F%3D");
        Map<String, String> sent = QueryStrings.decodeAll(rawQuery);
        assertThat(sent).containsEntry("appid", "1234").containsEntry("format", "json")
                .containsEntry("charset", "utf-8").containsEntry("openkey", OPENKEY).containsKey("sig");
        assertThat(signer.verify("GET", SAFE, sent)).isTrue();
    }

    @Test
    void postSendsAFormBodySignedWithPost() {
        server.stubFor(post(urlPathEqualTo("/v3/user/get_multi_info")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("{\"ret\":0,\"items\":[]}")));
        Map<String, String> p = user();
        p.put("fopenids", "A_B");
        client.call("/v3/user/get_multi_info", "POST", p);

        LoggedRequest request = server.getAllServeEvents().get(0).getRequest();
        assertThat(request.getUrl()).isEqualTo("/v3/user/get_multi_info");
        assertThat(request.getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
        Map<String, String> sent = QueryStrings.decodeAll(request.getBodyAsString());
        assertThat(sent).containsEntry("fopenids", "A_B");
        assertThat(signer.verify("POST", "/v3/user/get_multi_info", sent)).isTrue();
    }

    @Test
    void gbkAnswersAreDecodedByDeclaredOrRequestedCharset() {
        byte[] gbk = "{\"ret\":0,\"nickname\":\"沙箱用户\"}".getBytes(Charset.forName("GBK"));
        answer(SAFE, "application/json; charset=gbk", gbk);
        assertThat(client.call(SAFE, "GET", user()).get("nickname").asText()).isEqualTo("沙箱用户");

        server.resetAll();
        answer(SAFE, "application/json", gbk); // no charset declared: the requested one (gbk) applies
        assertThat(client("gbk", Duration.ofSeconds(3)).call(SAFE, "GET", user()).get("nickname").asText())
                .isEqualTo("沙箱用户");
    }

    @Test
    void xmlAnswersBecomeJson() {
        String xml = "<?xml version=\"1.0\" encoding=\"gbk\"?>\n<data><ret>0</ret><msg></msg><is_lost>0</is_lost>"
                + "<items><item><openid>A</openid><nickname>甲</nickname></item></items></data>";
        answer(SAFE, "text/xml; charset=gbk", xml.getBytes(Charset.forName("GBK")));
        JsonNode answer = client.call(SAFE, "GET", user());
        assertThat(answer.get("ret").isNumber()).isTrue();
        assertThat(answer.get("ret").asInt()).isZero();
        assertThat(answer.get("items").isArray()).isTrue();
        assertThat(answer.get("items").get(0).get("nickname").asText()).isEqualTo("甲");
    }

    @Test
    void retCodesBecomeTheirExceptionsWithoutRetry() {
        answerJson(SAFE, "{\"ret\":1002,\"msg\":\"请先登录\"}");
        OpenApiLoginGoneException gone = catchThrowableOfType(() -> client.call(SAFE, "GET", user()),
                OpenApiLoginGoneException.class);
        assertThat(gone.ret()).isEqualTo(1002);
        assertThat(gone.msg()).isEqualTo("请先登录");
        assertThat(server.getAllServeEvents()).hasSize(1);

        server.resetAll();
        answerJson(SAFE, "{\"ret\":-5,\"msg\":\"sig error\"}");
        assertThatThrownBy(() -> client.call(SAFE, "GET", user())).isInstanceOf(OpenApiBadSignatureException.class);
        assertThat(server.getAllServeEvents()).hasSize(1);

        server.resetAll();
        answerJson(SAFE, "{\"ret\":-9,\"msg\":\"no such API\"}");
        assertThatThrownBy(() -> client.call(SAFE, "GET", user())).isExactlyInstanceOf(OpenApiCallException.class);
        assertThat(pauses).isEmpty();
    }

    @Test
    void transientRetIsRetriedForSafeCalls() {
        server.stubFor(get(urlPathEqualTo(SAFE)).inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withBody("{\"ret\":-58,\"msg\":\"busy\"}")).willSetStateTo("ok"));
        server.stubFor(get(urlPathEqualTo(SAFE)).inScenario("busy").whenScenarioStateIs("ok")
                .willReturn(aResponse().withBody("{\"ret\":0}")));
        assertThat(client.call(SAFE, "GET", user()).get("ret").asInt()).isZero();
        assertThat(server.getAllServeEvents()).hasSize(2);
        assertThat(pauses).hasSize(1);
        assertThat(pauses.get(0)).isBetween(Duration.ofMillis(80), Duration.ofMillis(120));
    }

    @Test
    void transientRetIsNotRetriedForUnsafeCalls() {
        answerJson(UNSAFE, "{\"ret\":-58,\"msg\":\"busy\"}");
        assertThatThrownBy(() -> client.call(UNSAFE, "GET", user())).isInstanceOf(OpenApiTransientException.class);
        assertThat(server.getAllServeEvents()).hasSize(1);
    }

    @Test
    void retriesAreBoundedAndRateLimitingBacksOffLonger() {
        answerJson(SAFE, "{\"ret\":-6,\"msg\":\"rate limited\"}");
        OpenApiTransientException e = catchThrowableOfType(() -> client.call(SAFE, "GET", user()),
                OpenApiTransientException.class);
        assertThat(e.rateLimited()).isTrue();
        assertThat(server.getAllServeEvents()).hasSize(3);
        assertThat(pauses).hasSize(2).allSatisfy(p -> assertThat(p).isGreaterThanOrEqualTo(Duration.ofSeconds(2)));
    }

    @Test
    void timeoutsServerErrorsAndGarbageAreTransient() {
        server.stubFor(get(urlPathEqualTo(UNSAFE)).willReturn(aResponse().withFixedDelay(1500).withBody("{\"ret\":0}")));
        OpenApiTransientException timeout = catchThrowableOfType(
                () -> client("utf-8", Duration.ofMillis(300)).call(UNSAFE, "GET", user()), OpenApiTransientException.class);
        assertThat(timeout.ret()).isNull();
        assertThat(timeout.getMessage()).contains("no answer within");

        server.resetAll();
        server.stubFor(get(urlPathEqualTo(UNSAFE)).willReturn(aResponse().withStatus(502)));
        assertThatThrownBy(() -> client.call(UNSAFE, "GET", user())).isInstanceOf(OpenApiTransientException.class)
                .hasMessageContaining("HTTP 502");

        server.resetAll();
        answerJson(UNSAFE, "{\"ret\":0,\"nickname\":");
        assertThatThrownBy(() -> client.call(UNSAFE, "GET", user())).isInstanceOf(OpenApiTransientException.class)
                .hasMessageContaining("malformed");

        server.resetAll();
        server.stubFor(get(urlPathEqualTo(UNSAFE)).willReturn(aResponse().withStatus(404)));
        assertThatThrownBy(() -> client.call(UNSAFE, "GET", user())).isExactlyInstanceOf(OpenApiCallException.class);
    }

    @Test
    void noSecretInAnyFailure() {
        answerJson(SAFE, "{\"ret\":1,\"msg\":\"bad\"}");
        Throwable e = catchThrowableOfType(() -> client.call(SAFE, "GET", user()), OpenApiException.class);
        assertThat(e.getMessage()).doesNotContain("OPENKEY", APPKEY, "sig=");
        OpenApiClient unreachable = new OpenApiClient("http://127.0.0.1:1", "1234", signer, "json", "utf-8",
                Duration.ofSeconds(1), Duration.ofMillis(300), Set.of(), 1, Duration.ZERO, Duration.ZERO, pauses::add);
        Throwable down = catchThrowableOfType(() -> unreachable.call(SAFE, "GET", user()), OpenApiTransientException.class);
        assertThat(down.getMessage()).contains("connection failed").doesNotContain("OPENKEY", "127.0.0.1");
    }

    @Test
    void xmlWithADoctypeIsRefused() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE data [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<data><ret>0</ret><msg>&x;</msg></data>";
        answer(UNSAFE, "text/xml; charset=utf-8", xxe.getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> client.call(UNSAFE, "GET", user())).isInstanceOf(OpenApiTransientException.class)
                .hasMessageContaining("malformed");
    }

    @Test
    void everyCallIsTimedOnceWithItsOutcome() {
        io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        client.listener(new OpenApiMetrics(registry));
        answerJson(SAFE, "{\"ret\":-58,\"msg\":\"busy\"}");
        assertThatThrownBy(() -> client.call(SAFE, "GET", user())).isInstanceOf(OpenApiTransientException.class);
        answerJson(UNSAFE, "{\"ret\":0}");
        client.call(UNSAFE, "GET", user());

        assertThat(registry.get(OpenApiMetrics.METER).tag("api", SAFE).tag("outcome", "transient").timer().count())
                .isEqualTo(1); // three attempts, one call
        assertThat(registry.get(OpenApiMetrics.METER).tag("api", UNSAFE).tag("outcome", "ok").timer().count())
                .isEqualTo(1);
    }

    @Test
    void metricsCapDistinctApis() {
        io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        OpenApiMetrics metrics = new OpenApiMetrics(registry);
        for (int i = 0; i < OpenApiMetrics.MAX_APIS + 10; i++) {
            metrics.finished("/v3/x/" + i, "other", Duration.ofMillis(1));
        }
        assertThat(registry.get(OpenApiMetrics.METER).tag("api", "other").timer().count()).isEqualTo(10);
        assertThat(registry.find(OpenApiMetrics.METER).timers()).hasSize(OpenApiMetrics.MAX_APIS + 1);
    }

    @Test
    void kameletBodyParameters() {
        assertThat(OpenApiClient.params("{\"openid\":\"A\",\"n\":5,\"e\":null,\"o\":{\"x\":1}}"))
                .containsEntry("openid", "A").containsEntry("n", "5").containsEntry("e", "").containsEntry("o", "{\"x\":1}");
        assertThatThrownBy(() -> OpenApiClient.params("[1]")).isInstanceOf(IllegalArgumentException.class);
        assertThat(OpenApiClient.params("")).isEmpty();
    }
}
