package io.camelbundle.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.component.http.HttpMethods;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import io.camelbundle.support.QueryStrings;

/** The signing and answer steps for routes that call OpenAPI with Camel HTTP themselves (recipe 5). */
class OpenApiSignTest {

    private static final String APPKEY = "sandbox-appkey-0123456789abcdef";
    private static final String USER = "{\"openid\":\"0000000000000000000000000A1B2C3D\",\"openkey\":\"k~ *+/=\","
            + "\"pf\":\"qzone\",\"userip\":\"112.90.139.30\",\"sig\":\"forged\"}";

    private final OpenApiSigner signer = new OpenApiSigner(APPKEY);
    private final OpenApiSign sign = new OpenApiSign(signer, "100000001", "json", "utf-8");
    private final DefaultCamelContext camel = new DefaultCamelContext();

    private Exchange exchange(Object body, String path, String method) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(body);
        exchange.getMessage().setHeader(OpenApiSign.PATH, path);
        if (method != null) {
            exchange.getMessage().setHeader(Exchange.HTTP_METHOD, method);
        }
        return exchange;
    }

    @Test
    void aGetBecomesTheSignedQueryWithTheCommonParametersAndNoBody() throws Exception {
        Exchange exchange = exchange(USER, "/v3/user/get_info", null);
        sign.process(exchange);
        String query = exchange.getMessage().getHeader(Exchange.HTTP_QUERY, String.class);
        Map<String, String> sent = QueryStrings.decodeAll(query);
        assertThat(sent).containsEntry("appid", "100000001").containsEntry("format", "json")
                .containsEntry("charset", "utf-8").containsEntry("openkey", "k~ *+/=");
        assertThat(sent.get("sig")).as("the caller's sig is replaced").isNotEqualTo("forged");
        assertThat(signer.verify("GET", "/v3/user/get_info", sent)).isTrue();
        assertThat(query).doesNotContain("+").doesNotContain(" ");
        assertThat(exchange.getMessage().getHeader(Exchange.HTTP_METHOD)).isEqualTo(HttpMethods.GET);
        assertThat(exchange.getMessage().getBody()).isNull();
        assertThat(exchange.getMessage().getHeaders()).as("the path is not sent as a header")
                .doesNotContainKey(OpenApiSign.PATH);
        assertThat(exchange.getProperty(OpenApiSign.PATH)).isEqualTo("/v3/user/get_info");
        assertThat(exchange.getProperty(OpenApiSign.CHARSET)).isEqualTo("utf-8");
    }

    @Test
    void aPostBecomesTheSignedFormBodyAndAMapBodyWorksToo() throws Exception {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("openid", "0000000000000000000000000A1B2C3D");
        params.put("openkey", "key");
        params.put("pf", "qzone");
        params.put("fopenids", "A_B_C");
        params.put("charset", "gbk");
        Exchange exchange = exchange(params, "/v3/user/get_multi_info", "post");
        sign.process(exchange);
        Map<String, String> sent = QueryStrings.decodeAll(exchange.getMessage().getBody(String.class));
        assertThat(signer.verify("POST", "/v3/user/get_multi_info", sent)).isTrue();
        assertThat(sent).containsEntry("charset", "gbk").containsEntry("fopenids", "A_B_C");
        assertThat(exchange.getMessage().getHeader(Exchange.CONTENT_TYPE))
                .isEqualTo("application/x-www-form-urlencoded; charset=UTF-8");
        assertThat(exchange.getMessage().getHeaders()).doesNotContainKey(Exchange.HTTP_QUERY);
        assertThat(exchange.getProperty(OpenApiSign.CHARSET)).isEqualTo("gbk");
    }

    @Test
    void missingSessionParametersABadPathOrMethodAreRefusedNamingThem() {
        assertThatThrownBy(
                () -> sign.process(exchange(USER.replace("\"openkey\":\"k~ *+/=\",", ""), "/v3/user/get_info", "GET")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageEndingWith("parameter openkey");
        assertThatThrownBy(() -> sign.process(exchange(USER, "v3/user/get_info", "GET")))
                .hasMessageContaining("path must start with '/'");
        assertThatThrownBy(() -> sign.process(exchange(USER, null, "GET"))).hasMessageContaining("path");
        assertThatThrownBy(() -> sign.process(exchange(USER, "/v3/user/get_info", "PUT")))
                .hasMessageContaining("GET or POST");
        assertThatThrownBy(() -> sign.process(exchange("[1]", "/v3/user/get_info", "GET")))
                .hasMessage("OpenAPI call body must be a JSON object of parameters");
    }

    private static Exchange answered(int status, String contentType, byte[] body, String charset) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(OpenApiSign.PATH, "/v3/user/get_info");
        exchange.setProperty(OpenApiSign.CHARSET, charset);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, contentType);
        exchange.getMessage().setBody(body);
        return exchange;
    }

    @Test
    void theAnswerStepDecodesGbkAndXmlAndSetsRet() {
        byte[] gbk = "<data><ret>0</ret><nickname>沙箱用户</nickname></data>".getBytes(Charset.forName("GBK"));
        Exchange exchange = answered(200, "text/xml", gbk, "gbk");
        new OpenApiAnswer(new OpenApiMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry()))
                .read(exchange);
        assertThat(exchange.getMessage().getBody(String.class)).isEqualTo("{\"ret\":0,\"nickname\":\"沙箱用户\"}");
        assertThat(exchange.getMessage().getHeader(OpenApiAnswer.RET_HEADER)).isEqualTo(0);
        assertThat(exchange.getMessage().getHeader(Exchange.CONTENT_TYPE)).isEqualTo("application/json");
    }

    @Test
    void hostileXmlAnswersAreMalformedAnswersNotErrors() {
        OpenApiAnswer answer = new OpenApiAnswer(
                new OpenApiMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry()));
        // 100,000 nested elements (under the 1 MiB answer cap) overflowed the stack: an Error, not a retry
        String deep = "<data>" + "<a>".repeat(100_000) + "x" + "</a>".repeat(100_000) + "</data>";
        assertThatThrownBy(() -> answer.read(answered(200, "text/xml", deep.getBytes(StandardCharsets.UTF_8),
                "utf-8"))).isInstanceOf(OpenApiTransientException.class).hasMessageContaining("malformed answer");
        // the deepest nesting allowed still reads
        int levels = OpenApiAnswer.MAX_XML_DEPTH - 1;
        String nested = "<data><ret>0</ret>" + "<a>".repeat(levels) + "x" + "</a>".repeat(levels) + "</data>";
        Exchange ok = answered(200, "text/xml", nested.getBytes(StandardCharsets.UTF_8), "utf-8");
        answer.read(ok);
        assertThat(ok.getMessage().getBody(String.class)).endsWith("\"x\"" + "}".repeat(levels));
        // many siblings of one name become one array, in order
        String wide = "<data><ret>0</ret>" + "<b>1</b>".repeat(20_000) + "<c>2</c></data>";
        Exchange many = answered(200, "text/xml", wide.getBytes(StandardCharsets.UTF_8), "utf-8");
        answer.read(many);
        assertThat(many.getMessage().getBody(String.class))
                .isEqualTo("{\"ret\":0,\"b\":[" + String.join(",", java.util.Collections.nCopies(20_000, "\"1\""))
                        + "],\"c\":\"2\"}");
    }

    @Test
    void openApisMessageNeverCarriesTheCallersOpenkey() {
        Exchange exchange = answered(200, "application/json",
                "{\"ret\":1002,\"msg\":\"openkey caller-openkey-7788 has expired\"}".getBytes(StandardCharsets.UTF_8),
                "utf-8");
        exchange.setProperty(OpenApiSign.REQUEST, new OpenApiSign.Request(
                Map.of("openid", "A", "openkey", "caller-openkey-7788"), "/v3/user/get_info", "GET"));
        assertThatThrownBy(() -> new OpenApiAnswer(
                new OpenApiMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry())).read(exchange))
                .isInstanceOf(OpenApiLoginGoneException.class).hasMessageContaining("openkey **** has expired")
                .message().doesNotContain("caller-openkey-7788");
    }

    @Test
    void theAnswerStepRaisesTheExceptionOfEachRet() {
        OpenApiAnswer answer = new OpenApiAnswer(
                new OpenApiMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry()));
        assertThatThrownBy(() -> answer.read(answered(200, "application/json",
                "{\"ret\":1002,\"msg\":\"login\"}".getBytes(StandardCharsets.UTF_8), "utf-8")))
                .isInstanceOf(OpenApiLoginGoneException.class);
        assertThatThrownBy(() -> answer.read(answered(200, "application/json",
                "{\"ret\":-5,\"msg\":\"sig\"}".getBytes(StandardCharsets.UTF_8), "utf-8")))
                .isInstanceOf(OpenApiBadSignatureException.class);
        assertThatThrownBy(() -> answer.read(answered(503, "text/html", new byte[0], "utf-8")))
                .isInstanceOf(OpenApiTransientException.class).hasMessageContaining("HTTP 503");
        assertThatThrownBy(() -> answer.read(answered(200, "application/json",
                "{\"ret\":0".getBytes(StandardCharsets.UTF_8), "utf-8")))
                .isInstanceOf(OpenApiTransientException.class).hasMessageContaining("malformed answer");
    }
}
