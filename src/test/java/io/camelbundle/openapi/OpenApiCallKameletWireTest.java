package io.camelbundle.openapi;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.camelbundle.support.QueryStrings;
import io.camelbundle.support.RouteFileContexts;
import io.camelbundle.support.http.CallLimits;
import io.camelbundle.support.http.VendorHeaders;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * kamelet:tencent-openapi-call-action (routes/kamelets) on the wire against a strict stand-in for OpenAPI,
 * called from a route with routes/openapi-retries.camel.yaml, as routes call it: the signed request, what
 * leaves (nothing of the incoming message), how answers become results or typed exceptions, and which
 * failures are sent again.
 */
class OpenApiCallKameletWireTest {

    private static final String APPKEY = "client-test-appkey";
    private static final String OPENKEY = "OPENKEY~secret *+/=";
    private static final String SAFE = "/v3/user/get_info";
    private static final String UNSAFE = "/v3/relation/send_gift";
    private static final long RATE_LIMITED_BACKOFF_MS = 400;
    private static final String HOOK = "/internal/hook";
    private static WireMockServer server;

    private final OpenApiSigner signer = new OpenApiSigner(APPKEY);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private DefaultCamelContext camel;
    private ProducerTemplate producer;

    @BeforeAll
    static void startServer() {
        server = new WireMockServer(options().dynamicPort());
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.stop();
    }

    @BeforeEach
    void reset() throws Exception {
        server.resetAll();
        start(server.baseUrl(), "utf-8", "PT3S");
    }

    private void start(String baseUrl, String charset, String timeout) throws Exception {
        if (camel != null) {
            camel.stop();
        }
        Map<String, String> config = Map.of("openapi.base-url", baseUrl, "openapi.timeout", timeout,
                "openapi.connect-timeout", "PT1S", "openapi.max-connections", "4",
                "openapi.retry.initial-backoff", "PT0.01S",
                "openapi.retry.rate-limited-backoff", "PT" + RATE_LIMITED_BACKOFF_MS / 1000.0 + "S");
        camel = RouteFileContexts.create(config);
        camel.getRegistry().bind("openApiSign", new OpenApiSign(signer, "1234", "json", charset));
        camel.getRegistry().bind("openApiAnswer", new OpenApiAnswer(new OpenApiMetrics(registry)));
        camel.getRegistry().bind("openApiRetry", new OpenApiRetry(Set.of(SAFE), 3));
        camel.getRegistry().bind("openapiHttp", new CallLimits("openapi", 1_048_576));
        camel.getRegistry().bind("vendorHeaders", new VendorHeaders());
        RouteFileContexts.load(camel, "file:routes/openapi-retries.camel.yaml");
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:caller")
                        .toD("kamelet:tencent-openapi-call-action?apiPath=${header.Api}&method=${header.Verb}");
                // docs/routes.md recipe 2 with an HTTP endpoint of the route's own after the call
                from("direct:caller-then-hook")
                        .toD("kamelet:tencent-openapi-call-action?apiPath=${header.Api}&method=${header.Verb}")
                        .to(baseUrl + HOOK);
            }
        });
        camel.start();
        producer = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    /** A call as a route makes it: the parameters as the body, with headers of the route's own. */
    private Exchange send(String api, String method, Map<String, String> params) {
        return producer.request("direct:caller", e -> {
            e.getMessage().setHeader("Api", api);
            e.getMessage().setHeader("Verb", method);
            e.getMessage().setHeader("Authorization", "Bearer inbound-key");
            e.getMessage().setHeader(Exchange.HTTP_URI, "http://elsewhere.example/"); // as from an inbound request
            e.getMessage().setHeader(Exchange.HTTP_PATH, "/tokens/om");
            e.getMessage().setBody(new LinkedHashMap<>(params));
        });
    }

    /** The answer (ret 0) as JSON, or the call's exception. */
    private JsonNode call(String api, String method, Map<String, String> params) {
        Exchange e = send(api, method, params);
        if (e.getException() != null) {
            throw e.getException() instanceof RuntimeException r ? r : new IllegalStateException(e.getException());
        }
        assertThat(e.getMessage().getHeader(OpenApiAnswer.RET_HEADER, Integer.class)).isZero();
        try {
            return new ObjectMapper().readTree(e.getMessage().getBody(String.class));
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
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
        JsonNode answer = call(SAFE, "get", user());
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
        call("/v3/user/get_multi_info", "POST", p);

        LoggedRequest request = server.getAllServeEvents().get(0).getRequest();
        assertThat(request.getUrl()).isEqualTo("/v3/user/get_multi_info");
        assertThat(request.getHeader("Authorization")).as("nothing of the incoming message is sent").isNull();
        assertThat(request.getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
        Map<String, String> sent = QueryStrings.decodeAll(request.getBodyAsString());
        assertThat(sent).containsEntry("fopenids", "A_B");
        assertThat(signer.verify("POST", "/v3/user/get_multi_info", sent)).isTrue();
    }

    @Test
    void gbkAnswersAreDecodedByDeclaredOrRequestedCharset() throws Exception {
        byte[] gbk = "{\"ret\":0,\"nickname\":\"沙箱用户\"}".getBytes(Charset.forName("GBK"));
        answer(SAFE, "application/json; charset=gbk", gbk);
        assertThat(call(SAFE, "GET", user()).get("nickname").asText()).isEqualTo("沙箱用户");

        server.resetAll();
        answer(SAFE, "application/json", gbk); // no charset declared: the requested one (gbk) applies
        start(server.baseUrl(), "gbk", "PT3S");
        assertThat(call(SAFE, "GET", user()).get("nickname").asText())
                .isEqualTo("沙箱用户");
    }

    @Test
    void xmlAnswersBecomeJson() {
        String xml = "<?xml version=\"1.0\" encoding=\"gbk\"?>\n<data><ret>0</ret><msg></msg><is_lost>0</is_lost>"
                + "<items><item><openid>A</openid><nickname>甲</nickname></item></items></data>";
        answer(SAFE, "text/xml; charset=gbk", xml.getBytes(Charset.forName("GBK")));
        JsonNode answer = call(SAFE, "GET", user());
        assertThat(answer.get("ret").isNumber()).isTrue();
        assertThat(answer.get("ret").asInt()).isZero();
        assertThat(answer.get("items").isArray()).isTrue();
        assertThat(answer.get("items").get(0).get("nickname").asText()).isEqualTo("甲");
    }

    @Test
    void retCodesBecomeTheirExceptionsWithoutRetry() {
        answerJson(SAFE, "{\"ret\":1002,\"msg\":\"请先登录\"}");
        OpenApiLoginGoneException gone = catchThrowableOfType(OpenApiLoginGoneException.class,
                () -> call(SAFE, "GET", user()));
        assertThat(gone.ret()).isEqualTo(1002);
        assertThat(gone.msg()).isEqualTo("请先登录");
        assertThat(server.getAllServeEvents()).hasSize(1);

        server.resetAll();
        answerJson(SAFE, "{\"ret\":-5,\"msg\":\"sig error\"}");
        assertThatThrownBy(() -> call(SAFE, "GET", user())).isInstanceOf(OpenApiBadSignatureException.class);
        assertThat(server.getAllServeEvents()).hasSize(1);

        server.resetAll();
        answerJson(SAFE, "{\"ret\":-9,\"msg\":\"no such API\"}");
        assertThatThrownBy(() -> call(SAFE, "GET", user())).isExactlyInstanceOf(OpenApiCallException.class);
        assertThat(server.getAllServeEvents()).hasSize(1);
    }

    @Test
    void transientRetIsRetriedForSafeCalls() {
        server.stubFor(get(urlPathEqualTo(SAFE)).inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withBody("{\"ret\":-58,\"msg\":\"busy\"}")).willSetStateTo("ok"));
        server.stubFor(get(urlPathEqualTo(SAFE)).inScenario("busy").whenScenarioStateIs("ok")
                .willReturn(aResponse().withBody("{\"ret\":0}")));
        assertThat(call(SAFE, "GET", user()).get("ret").asInt()).isZero();
        assertThat(server.getAllServeEvents()).hasSize(2);
        Map<String, String> first = QueryStrings.decodeAll(requestQuery(1));
        assertThat(QueryStrings.decodeAll(requestQuery(0))).as("the redelivery sends the same signed call")
                .isEqualTo(first);
    }

    @Test
    void serverErrorsOfASafeCallAreSentAtMostMaxAttemptsTimes() {
        server.stubFor(get(urlPathEqualTo(SAFE)).willReturn(aResponse().withStatus(500)));
        assertThatThrownBy(() -> call(SAFE, "GET", user())).isInstanceOf(OpenApiTransientException.class)
                .hasMessageContaining("HTTP 500");
        assertThat(server.getAllServeEvents()).hasSize(3);
    }

    @Test
    void transientRetIsNotRetriedForUnsafeCalls() {
        answerJson(UNSAFE, "{\"ret\":-58,\"msg\":\"busy\"}");
        assertThatThrownBy(() -> call(UNSAFE, "GET", user())).isInstanceOf(OpenApiTransientException.class);
        assertThat(server.getAllServeEvents()).hasSize(1);
    }

    @Test
    void retriesAreBoundedAndRateLimitingBacksOffLonger() throws Exception {
        answerJson(SAFE, "{\"ret\":-6,\"msg\":\"rate limited\"}");
        OpenApiTransientException e = catchThrowableOfType(OpenApiTransientException.class,
                () -> call(SAFE, "GET", user()));
        assertThat(e.rateLimited()).isTrue();
        List<ServeEvent> attempts = server.getAllServeEvents();
        assertThat(attempts).hasSize(3);
        // newest first. Collision avoidance shortens a pause by up to 15 %, and the stand-in's logged dates move
        // with the load of the machine (a clean run measured 318 ms for 400): half the pause is far above the
        // 10 ms of openapi.retry.initial-backoff, which is what this checks
        for (int i = 0; i + 1 < attempts.size(); i++) {
            long gap = attempts.get(i).getRequest().getLoggedDate().getTime()
                    - attempts.get(i + 1).getRequest().getLoggedDate().getTime();
            assertThat(gap).as("pause before a rate-limited call is sent again").isGreaterThanOrEqualTo(
                    RATE_LIMITED_BACKOFF_MS / 2);
        }
    }

    @Test
    void timeoutsServerErrorsAndGarbageAreTransient() throws Exception {
        server.stubFor(
                get(urlPathEqualTo(UNSAFE)).willReturn(aResponse().withFixedDelay(1500).withBody("{\"ret\":0}")));
        start(server.baseUrl(), "utf-8", "PT0.3S");
        OpenApiTransientException timeout = catchThrowableOfType(OpenApiTransientException.class,
                () -> call(UNSAFE, "GET", user()));
        assertThat(timeout.ret()).isNull();
        assertThat(timeout.timedOut()).isTrue();
        assertThat(timeout.getMessage()).contains("no answer within 300 ms");
        start(server.baseUrl(), "utf-8", "PT3S");

        server.resetAll();
        server.stubFor(get(urlPathEqualTo(UNSAFE)).willReturn(aResponse().withStatus(502)));
        assertThatThrownBy(() -> call(UNSAFE, "GET", user())).isInstanceOf(OpenApiTransientException.class)
                .hasMessageContaining("HTTP 502");

        server.resetAll();
        answerJson(UNSAFE, "{\"ret\":0,\"nickname\":");
        assertThatThrownBy(() -> call(UNSAFE, "GET", user())).isInstanceOf(OpenApiTransientException.class)
                .hasMessageContaining("malformed");

        server.resetAll();
        server.stubFor(get(urlPathEqualTo(UNSAFE)).willReturn(aResponse().withStatus(404)));
        assertThatThrownBy(() -> call(UNSAFE, "GET", user())).isExactlyInstanceOf(OpenApiCallException.class);
    }

    @Test
    void noSecretInAnyFailure() throws Exception {
        answerJson(SAFE, "{\"ret\":1,\"msg\":\"bad\"}");
        Throwable e = catchThrowableOfType(OpenApiException.class, () -> call(SAFE, "GET", user()));
        assertThat(e.getMessage()).doesNotContain("OPENKEY", APPKEY, "sig=");
        start("http://127.0.0.1:1", "utf-8", "PT1S");
        Throwable down = catchThrowableOfType(OpenApiTransientException.class, () -> call(UNSAFE, "GET", user()));
        assertThat(down.getMessage()).contains("connection failed").doesNotContain("OPENKEY", "127.0.0.1");
    }

    /**
     * The headers that steered the call leave with it, on success and failure: a later HTTP step of the calling
     * route would otherwise send the signed query (openkey, sig) to its own address, with the call's method.
     */
    @Test
    void theCallLeavesNothingThatSteersTheRoutesNextHttpCall() throws Exception {
        answerJson(SAFE, "{\"ret\":0,\"nickname\":\"n\"}");
        server.stubFor(any(urlPathEqualTo(HOOK)).willReturn(aResponse().withStatus(200)));
        Exchange done = producer.request("direct:caller-then-hook", e -> {
            e.getMessage().setHeader("Api", SAFE);
            e.getMessage().setHeader("Verb", "GET");
            e.getMessage().setBody(user());
        });
        assertThat(done.getException()).isNull();
        LoggedRequest hook = server.findAll(anyRequestedFor(urlPathEqualTo(HOOK))).get(0);
        assertThat(hook.getUrl()).isEqualTo(HOOK);
        assertThat(hook.getMethod().getName()).as("a body and no query of its own: POST").isEqualTo("POST");

        server.stubFor(post(urlPathEqualTo("/v3/user/get_multi_info")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("{\"ret\":0,\"items\":[]}")));
        answerJson(UNSAFE, "{\"ret\":1002,\"msg\":\"login\"}");
        List<Exchange> calls = List.of(send(SAFE, "GET", user()), send("/v3/user/get_multi_info", "POST", user()),
                send(UNSAFE, "GET", user()), send(UNSAFE, "POST", user()));
        start("http://127.0.0.1:1", "utf-8", "PT1S");
        calls = new java.util.ArrayList<>(calls);
        calls.add(send(UNSAFE, "GET", user()));
        calls.add(send(UNSAFE, "POST", user()));
        for (Exchange call : calls) {
            assertThat(call.getMessage().getHeaders().keySet()).as("headers after a call")
                    .noneMatch(name -> name.matches("CamelHttp(Query|RawQuery|Method|Path|Uri|Url)"));
            assertThat(String.valueOf(call.getMessage().getBody())).as("body after a call").doesNotContain("sig=");
        }
    }

    @Test
    void xmlWithADoctypeIsRefused() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE data [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<data><ret>0</ret><msg>&x;</msg></data>";
        answer(UNSAFE, "text/xml; charset=utf-8", xxe.getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> call(UNSAFE, "GET", user())).isInstanceOf(OpenApiTransientException.class)
                .hasMessageContaining("malformed");
    }

    @Test
    void everyAttemptIsTimedWithItsOutcome() {
        answerJson(SAFE, "{\"ret\":-58,\"msg\":\"busy\"}");
        assertThatThrownBy(() -> call(SAFE, "GET", user())).isInstanceOf(OpenApiTransientException.class);
        answerJson(UNSAFE, "{\"ret\":0}");
        call(UNSAFE, "GET", user());

        assertThat(registry.get(OpenApiMetrics.METER).tag("api", SAFE).tag("outcome", "transient").timer().count())
                .isEqualTo(3); // three attempts
        assertThat(registry.get(OpenApiMetrics.METER).tag("api", UNSAFE).tag("outcome", "ok").timer().count())
                .isEqualTo(1);
    }

    @Test
    void metricsCapDistinctApis() {
        io.micrometer.core.instrument.simple.SimpleMeterRegistry registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        OpenApiMetrics metrics = new OpenApiMetrics(registry);
        for (int i = 0; i < OpenApiMetrics.MAX_APIS + 10; i++) {
            metrics.record("/v3/x/" + i, "other", Duration.ofMillis(1));
        }
        assertThat(registry.get(OpenApiMetrics.METER).tag("api", "other").timer().count()).isEqualTo(10);
        assertThat(registry.find(OpenApiMetrics.METER).timers()).hasSize(OpenApiMetrics.MAX_APIS + 1);
    }

    private static String requestQuery(int newestFirst) {
        String url = server.getAllServeEvents().get(newestFirst).getRequest().getUrl();
        return url.substring(url.indexOf('?') + 1);
    }

    @Test
    void kameletBodyParameters() {
        assertThat(OpenApiSign.params("{\"openid\":\"A\",\"n\":5,\"e\":null,\"o\":{\"x\":1}}"))
                .containsEntry("openid", "A").containsEntry("n", "5").containsEntry("e", "")
                .containsEntry("o", "{\"x\":1}");
        assertThatThrownBy(() -> OpenApiSign.params("[1]")).isInstanceOf(IllegalArgumentException.class);
        // a parameter named twice: which one would be signed and sent is not the caller's to guess
        assertThatThrownBy(() -> OpenApiSign.params("{\"openid\":\"A\",\"openid\":\"B\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("each named once");
        assertThatThrownBy(() -> OpenApiSign.params("{\"openid\":\"A\"} x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(OpenApiSign.params("")).isEmpty();
    }
}
