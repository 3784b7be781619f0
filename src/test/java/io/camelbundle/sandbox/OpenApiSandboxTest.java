package io.camelbundle.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import io.camelbundle.openapi.OpenApiSigner;

/** The sandbox's gateway checks and answers, without HTTP; requests are signed with the real signer. */
class OpenApiSandboxTest {

    private static final String APPID = "100000001";
    private static final String APPKEY = "sandbox-appkey-unit";
    private static final Charset GBK = Charset.forName("GBK");

    private final OpenApiSandbox sandbox = new OpenApiSandbox(APPID, APPKEY, "expired", Duration.ofSeconds(5));
    private final OpenApiSigner signer = new OpenApiSigner(APPKEY);

    private static Map<String, String> common() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("openid", "0000000000000000000000000A1B2C3D");
        p.put("openkey", "AB12CD34EF56~ *+/=");
        p.put("appid", APPID);
        p.put("pf", "qzone");
        p.put("format", "json");
        p.put("charset", "utf-8");
        p.put("userip", "112.90.139.30");
        return p;
    }

    private Map<String, String> signed(String method, String path, Map<String, String> params) {
        Map<String, String> p = new LinkedHashMap<>(params);
        p.put("sig", signer.sign(method, path, p));
        return p;
    }

    @Test
    void signedGetInfoAnswersAProfile() {
        Map<String, Object> a = sandbox.answer("GET", "/v3/user/get_info",
                signed("GET", "/v3/user/get_info", common()));
        assertThat(a).containsEntry("ret", 0).containsEntry("is_lost", 0).containsKeys("nickname", "gender",
                "figureurl", "is_yellow_vip");
        assertThat((String) a.get("nickname")).startsWith("沙箱用户");
    }

    @Test
    void postIsSignedWithItsOwnMethodWord() {
        Map<String, String> p = signed("POST", "/v3/user/is_login", common());
        assertThat(sandbox.answer("POST", "/v3/user/is_login", p)).containsEntry("ret", 0);
        assertThat(sandbox.answer("GET", "/v3/user/is_login", p)).containsEntry("ret", -5);
    }

    @Test
    void everySigIsCheckedExactly() {
        Map<String, String> p = signed("GET", "/v3/user/get_info", common());
        p.put("userip", "1.2.3.4");
        assertThat(sandbox.answer("GET", "/v3/user/get_info", p)).containsEntry("ret", -5);

        Map<String, String> otherKey = common();
        otherKey.put("sig", new OpenApiSigner("wrong-appkey").sign("GET", "/v3/user/get_info", otherKey));
        assertThat(sandbox.answer("GET", "/v3/user/get_info", otherKey)).containsEntry("ret", -5);

        // Signed for another API path
        Map<String, String> otherPath = signed("GET", "/v3/user/is_login", common());
        assertThat(sandbox.answer("GET", "/v3/user/get_info", otherPath)).containsEntry("ret", -5);
    }

    @Test
    void aSignatureMadeWithRfc3986EncodingIsRejected() {
        // The classic bug: a standard encoder keeps '~' and writes space as '+'; the openkey holds both
        Map<String, String> p = common();
        p.put("sig", rfc3986Sig("GET", "/v3/user/get_info", p));
        assertThat(sandbox.answer("GET", "/v3/user/get_info", p)).containsEntry("ret", -5);
    }

    @Test
    void missingCommonParametersAreNamed() {
        for (String name : List.of("openid", "openkey", "appid", "pf", "sig")) {
            Map<String, String> p = signed("GET", "/v3/user/get_info", common());
            p.remove(name);
            Map<String, Object> a = sandbox.answer("GET", "/v3/user/get_info", p);
            assertThat(a).as(name).containsEntry("ret", -1);
            assertThat((String) a.get("msg")).as(name).contains(name);
        }
        Map<String, String> empty = common();
        empty.put("openkey", "");
        assertThat(sandbox.answer("GET", "/v3/user/get_info", signed("GET", "/v3/user/get_info", empty)))
                .containsEntry("ret", -1);
    }

    @Test
    void unknownAppidAndUnknownApi() {
        Map<String, String> p = common();
        p.put("appid", "42");
        assertThat(sandbox.answer("GET", "/v3/user/get_info", signed("GET", "/v3/user/get_info", p)))
                .containsEntry("ret", -2);
        assertThat(sandbox.answer("GET", "/v3/user/nope", signed("GET", "/v3/user/nope", common())))
                .containsEntry("ret", -9);
    }

    @Test
    void expiredOpenkeyIsLoginGone() {
        Map<String, String> p = common();
        p.put("openkey", "expired-0001");
        Map<String, Object> a = sandbox.answer("GET", "/v3/user/is_login", signed("GET", "/v3/user/is_login", p));
        assertThat(a).containsEntry("ret", 1002).containsEntry("msg", "请先登录");
    }

    @Test
    void multiInfoListsEveryFriend() {
        Map<String, String> p = common();
        p.put("fopenids", "AAA_BBB_CCC");
        Map<String, Object> a = sandbox.answer("POST", "/v3/user/get_multi_info",
                signed("POST", "/v3/user/get_multi_info", p));
        assertThat(a).containsEntry("ret", 0);
        assertThat((List<?>) a.get("items")).hasSize(3);
        assertThat(sandbox.answer("POST", "/v3/user/get_multi_info", signed("POST", "/v3/user/get_multi_info",
                common()))).containsEntry("ret", 1);
    }

    @Test
    void answersAreGbkUnlessUtf8IsAsked() {
        Map<String, Object> body = OpenApiSandbox.error(1002, "请先登录");

        OpenApiSandboxResource.Rendered gbk = OpenApiSandboxResource.rendered(body, "json", null);
        assertThat(gbk.contentType()).isEqualTo("application/json; charset=gbk");
        assertThat(gbk.bytes()).isEqualTo("{\"ret\":1002,\"msg\":\"请先登录\"}".getBytes(GBK));
        assertThat(OpenApiSandboxResource.rendered(body, "json", "utf8").contentType()).endsWith("charset=gbk");

        OpenApiSandboxResource.Rendered utf8 = OpenApiSandboxResource.rendered(body, null, "UTF-8");
        assertThat(utf8.contentType()).isEqualTo("application/json; charset=utf-8");
        assertThat(new String(utf8.bytes(), StandardCharsets.UTF_8)).isEqualTo("{\"ret\":1002,\"msg\":\"请先登录\"}");
    }

    @Test
    void xmlOnlyForLowerCaseXml() {
        Map<String, Object> body = new LinkedHashMap<>(OpenApiSandbox.error(0, "a<b"));
        body.put("items", List.of(Map.of("openid", "X")));
        OpenApiSandboxResource.Rendered xml = OpenApiSandboxResource.rendered(body, "xml", "gbk");
        assertThat(xml.contentType()).isEqualTo("text/xml; charset=gbk");
        assertThat(new String(xml.bytes(), GBK)).isEqualTo("<?xml version=\"1.0\" encoding=\"gbk\"?>\n"
                + "<data><ret>0</ret><msg>a&lt;b</msg><items><item><openid>X</openid></item></items></data>");
        assertThat(OpenApiSandboxResource.rendered(body, "XML", "gbk").contentType()).startsWith("application/json");
    }

    private static String rfc3986Sig(String method, String path, Map<String, String> params) {
        String joined = new TreeMap<>(params).entrySet().stream().filter(e -> !e.getKey().equals("sig"))
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("&"));
        String source = method + "&" + rfc3986(path) + "&" + rfc3986(joined);
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec((APPKEY + "&").getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(source.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String rfc3986(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("*", "%2A").replace("%7E", "~");
    }
}
