package io.camelbundle.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import io.camelbundle.support.QueryStrings;

class OpenApiSignerTest {

    private static final String PUBLISHED_APPKEY = "228bf094169a40a3bd188ba37ebe8723";
    private static final String APPKEY = "sandbox-appkey-0123456789abcdef";

    private final OpenApiSigner signer = new OpenApiSigner(APPKEY);

    private static Map<String, String> published() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("openid", "11111111111111111");
        p.put("openkey", "2222222222222222");
        p.put("appid", "123456");
        p.put("pf", "qzone");
        p.put("format", "json");
        p.put("userip", "112.90.139.30");
        return p;
    }

    // --- the fast paths agree with the definitions (encode over UTF-8 bytes, sort by UTF-8 bytes) ---

    private static String encodeByBytes(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            boolean keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
                    || c == '_' || c == '.';
            out.append(keep ? String.valueOf((char) c) : String.format("%%%02X", c));
        }
        return out.toString();
    }

    @Test
    void encodeAndByteOrderMatchTheirByteDefinitions() {
        java.util.Random random = new java.util.Random(42);
        String alphabet = "aZ09-_.~*+/=& %\u00e9\u4e2d\uff21\ud83d\ude00";
        java.util.List<String> samples = new java.util.ArrayList<>(java.util.List.of("", "abc", "a~b", "\uff21",
                "\ud83d\ude00", "\ud83d\ude00x", "\uff21\ud83d\ude00"));
        for (int n = 0; n < 2000; n++) {
            StringBuilder sb = new StringBuilder();
            for (int k = random.nextInt(8); k > 0; k--) {
                int at = random.nextInt(alphabet.length());
                char c = alphabet.charAt(at);
                sb.append(c);
                if (Character.isHighSurrogate(c)) {
                    sb.append('\ude00');
                } else if (Character.isLowSurrogate(c)) {
                    sb.setLength(sb.length() - 1); // only whole pairs
                }
            }
            samples.add(sb.toString());
        }
        for (String a : samples) {
            assertThat(OpenApiSigner.encode(a)).as(a).isEqualTo(encodeByBytes(a));
            for (int j = 0; j < 20; j++) {
                String b = samples.get(random.nextInt(samples.size()));
                int expected = Integer.signum(java.util.Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8),
                        b.getBytes(StandardCharsets.UTF_8)));
                assertThat(Integer.signum(OpenApiSigner.BYTE_ORDER.compare(a, b))).as(a + " vs " + b)
                        .isEqualTo(expected);
            }
        }
        for (int n = 0; n + 3 < samples.size(); n += 3) {
            Map<String, String> p = new LinkedHashMap<>();
            p.put(samples.get(n), samples.get(n + 1));
            p.put(samples.get(n + 1) + "k", samples.get(n + 2));
            p.put("sig", "ignored");
            assertThat(OpenApiSigner.sourceString("get", "/v3/" + samples.get(n + 3), p)).isEqualTo(
                    "GET&" + encodeByBytes("/v3/" + samples.get(n + 3)) + "&"
                            + encodeByBytes(OpenApiSigner.joinRaw(p)));
        }
        // UTF-16 order would put the emoji (D83D..) before U+FF21; UTF-8 byte order puts it after (F0 > EF)
        assertThat(OpenApiSigner.BYTE_ORDER.compare("\ud83d\ude00", "\uff21")).isPositive();
    }

    @Test
    void signingIsThreadSafe() throws Exception {
        String expected = new OpenApiSigner(PUBLISHED_APPKEY).sign("GET", "/v3/user/get_info", published());
        OpenApiSigner shared = new OpenApiSigner(PUBLISHED_APPKEY);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<String>> sigs = new java.util.ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                sigs.add(pool.submit(() -> shared.sign("GET", "/v3/user/get_info", published())));
            }
            for (java.util.concurrent.Future<String> sig : sigs) {
                assertThat(sig.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // --- the published example (seed 001; docs/openapi.md) ---

    @Test
    void publishedExampleSignature() {
        assertThat(new OpenApiSigner(PUBLISHED_APPKEY).sign("GET", "/v3/user/get_info", published()))
                .isEqualTo("FdJkiDYwMj5Aj1UG2RUPc83iokk=");
    }

    @Test
    void publishedExampleSourceString() {
        assertThat(OpenApiSigner.sourceString("GET", "/v3/user/get_info", published())).isEqualTo(
                "GET&%2Fv3%2Fuser%2Fget_info&appid%3D123456%26format%3Djson%26openid%3D11111111111111111"
                        + "%26openkey%3D2222222222222222%26pf%3Dqzone%26userip%3D112.90.139.30");
    }

    @Test
    void publishedExampleIgnoresSigParameterAndMethodCase() {
        Map<String, String> p = published();
        p.put("sig", "whatever");
        assertThat(new OpenApiSigner(PUBLISHED_APPKEY).sign("get", "/v3/user/get_info", p))
                .isEqualTo("FdJkiDYwMj5Aj1UG2RUPc83iokk=");
    }

    // --- the encoding, character by character ---

    @Test
    void encodingKeepsOnlyUnreservedSubset() {
        assertThat(OpenApiSigner.encode("AZaz09-_.")).isEqualTo("AZaz09-_.");
        assertThat(OpenApiSigner.encode("~")).isEqualTo("%7E");
        assertThat(OpenApiSigner.encode(" ")).isEqualTo("%20");
        assertThat(OpenApiSigner.encode("*")).isEqualTo("%2A");
        assertThat(OpenApiSigner.encode("+")).isEqualTo("%2B");
        assertThat(OpenApiSigner.encode("/")).isEqualTo("%2F");
        assertThat(OpenApiSigner.encode("=")).isEqualTo("%3D");
        assertThat(OpenApiSigner.encode("&")).isEqualTo("%26");
        assertThat(OpenApiSigner.encode("%")).isEqualTo("%25");
        assertThat(OpenApiSigner.encode("!'()")).isEqualTo("%21%27%28%29");
        assertThat(OpenApiSigner.encode("\n")).isEqualTo("%0A");
    }

    @Test
    void encodingIsOverUtf8BytesWithUpperCaseHex() {
        assertThat(OpenApiSigner.encode("中")).isEqualTo("%E4%B8%AD");
        assertThat(OpenApiSigner.encode("快报")).isEqualTo("%E5%BF%AB%E6%8A%A5");
        assertThat(OpenApiSigner.encode("😀")).isEqualTo("%F0%9F%98%80");
        assertThat(OpenApiSigner.encode("é")).isEqualTo("%C3%A9");
    }

    // --- steps 1-3 ---

    @Test
    void keysSortInByteOrderUpperCaseFirstAndEmptyValuesStay() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("b", "2");
        p.put("a", "");
        p.put("B", "3");
        p.put("A_", "4");
        p.put("A", "5");
        p.put("sig", "left-out");
        assertThat(OpenApiSigner.joinRaw(p)).isEqualTo("A=5&A_=4&B=3&a=&b=2");
    }

    @Test
    void valuesAreJoinedRawBeforeTheSingleEncoding() {
        Map<String, String> p = Map.of("x", "a&b=c", "y", "%41");
        assertThat(OpenApiSigner.joinRaw(p)).isEqualTo("x=a&b=c&y=%41");
        assertThat(OpenApiSigner.sourceString("POST", "/v3/a", p))
                .isEqualTo("POST&%2Fv3%2Fa&x%3Da%26b%3Dc%26y%3D%2541");
    }

    // --- signatures of inputs without a published answer: checked against an independent reference ---

    @Test
    void cjkText() {
        assertMatchesReference("GET", "/v3/user/get_info", with("nickname", "腾讯开放平台 快报推荐流"));
    }

    @Test
    void emoji() {
        assertMatchesReference("POST", "/v3/user/get_multi_info", with("fopenids", "😀🎉 x"));
    }

    @Test
    void spacesAndSpecialCharacters() {
        assertMatchesReference("GET", "/v3/user/get_info", with("q", " ~ * + / = & % "));
    }

    @Test
    void emptyValues() {
        Map<String, String> p = with("userip", "");
        p.put("zzz", "");
        assertMatchesReference("GET", "/v3/user/is_login", p);
    }

    @Test
    void longValues() {
        assertMatchesReference("POST", "/v3/user/get_info", with("long", "长~ *".repeat(5000)));
    }

    @Test
    void methodWordIsPartOfTheSignature() {
        Map<String, String> p = published();
        assertThat(signer.sign("GET", "/v3/user/get_info", p))
                .isNotEqualTo(signer.sign("POST", "/v3/user/get_info", p));
    }

    // --- wire form and verification ---

    @Test
    void wireParamsCarryEveryParameterAndTheEncodedSig() {
        Map<String, String> p = with("q", "a b~c");
        String wire = signer.signedWireParams("GET", "/v3/user/get_info", p);
        String sig = signer.sign("GET", "/v3/user/get_info", p);

        assertThat(wire).contains("q=a%20b%7Ec").endsWith("&sig=" + OpenApiSigner.encode(sig));
        assertThat(wire.substring(wire.indexOf("sig=") + 4)).doesNotContain("+", "/", "=");
        Map<String, String> decoded = new TreeMap<>(QueryStrings.decodeAll(wire));
        Map<String, String> expected = new TreeMap<>(p);
        expected.put("sig", sig);
        assertThat(decoded).isEqualTo(expected);
    }

    @Test
    void verifyAcceptsOwnSignatureAndRejectsTampering() {
        Map<String, String> p = with("q", "x");
        p.put("sig", signer.sign("GET", "/v3/user/get_info", p));
        assertThat(signer.verify("GET", "/v3/user/get_info", p)).isTrue();

        assertThat(signer.verify("POST", "/v3/user/get_info", p)).isFalse();
        assertThat(signer.verify("GET", "/v3/user/get_multi_info", p)).isFalse();
        Map<String, String> tampered = new LinkedHashMap<>(p);
        tampered.put("q", "y");
        assertThat(signer.verify("GET", "/v3/user/get_info", tampered)).isFalse();
        assertThat(new OpenApiSigner("other-key").verify("GET", "/v3/user/get_info", p)).isFalse();
        tampered = new LinkedHashMap<>(p);
        tampered.remove("sig");
        assertThat(signer.verify("GET", "/v3/user/get_info", tampered)).isFalse();
    }

    @Test
    void appkeyNeverShows() {
        assertThat(signer.toString()).doesNotContain(APPKEY);
        assertThatThrownBy(() -> new OpenApiSigner("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("openapi.appkey");
    }

    // --- helpers ---

    private static Map<String, String> with(String key, String value) {
        Map<String, String> p = published();
        p.put(key, value);
        return p;
    }

    private void assertMatchesReference(String method, String path, Map<String, String> params) {
        assertThat(signer.sign(method, path, params)).isEqualTo(referenceSig(APPKEY, method, path, params));
    }

    /**
     * Independent reference: the JDK's form encoder, corrected to the vendor's rule (space %20, * %2A; it
     * already encodes ~), a TreeMap for the (ASCII) key order, HMAC-SHA1 from javax.crypto.
     */
    private static String referenceSig(String appkey, String method, String path, Map<String, String> params) {
        String joined = new TreeMap<>(params).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("&"));
        String source = method + "&" + ref(path) + "&" + ref(joined);
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec((appkey + "&").getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(source.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String ref(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A");
    }
}
