package io.camelbundle.bench;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.camelbundle.openapi.OpenApiSigner;

/**
 * Signing cost of a typical {@code get_info} call beside bare HMAC-SHA1 + Base64 of the same source string,
 * in the same run (issue 4 target: {@code sign} at most 1.5x {@code bareHmacBase64}). Not a test: run with
 * {@code bench/openapi-signing.sh}.
 * <ul>
 * <li>{@code sign}: {@link OpenApiSigner#sign} (sort, join, percent-encode, HMAC, Base64).</li>
 * <li>{@code sourceString}: steps 1-5 only (sort, join, percent-encode), no HMAC.</li>
 * <li>{@code signedWireParams}: sign plus the encoded query string as sent.</li>
 * <li>{@code bareHmacBase64}: {@code Mac.getInstance} + init + doFinal + Base64 of the precomputed source
 * string, what any thread-safe signer must at least do per call.</li>
 * <li>{@code bareHmacBase64ReusedMac}: the same with one Mac per benchmark thread (lower bound).</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class OpenApiSignerBench {

    private static final String APPKEY = "228bf094169a40a3bd188ba37ebe8723";
    private static final String PATH = "/v3/user/get_info";

    private OpenApiSigner signer;
    private Map<String, String> params;
    private byte[] source;
    private SecretKeySpec key;
    private Mac reused;

    @Setup
    public void setUp() throws Exception {
        signer = new OpenApiSigner(APPKEY);
        params = new LinkedHashMap<>();
        params.put("openid", "0000000000000000000000000A1B2C3D");
        params.put("openkey", "E2F3A6B1C4D5E6F708192A3B4C5D6E7F");
        params.put("pf", "qzone");
        params.put("userip", "112.90.139.30");
        params.put("appid", "1105123456");
        params.put("format", "json");
        params.put("charset", "utf-8");
        source = OpenApiSigner.sourceString("GET", PATH, params).getBytes(StandardCharsets.UTF_8);
        key = new SecretKeySpec((APPKEY + "&").getBytes(StandardCharsets.UTF_8), "HmacSHA1");
        reused = Mac.getInstance("HmacSHA1");
        reused.init(key);
    }

    @Benchmark
    public String sign() {
        return signer.sign("GET", PATH, params);
    }

    /** Steps 1-5 without the HMAC: sort, join, percent-encode. */
    @Benchmark
    public String sourceString() {
        return OpenApiSigner.sourceString("GET", PATH, params);
    }

    @Benchmark
    public String signedWireParams() {
        return signer.signedWireParams("GET", PATH, params);
    }

    @Benchmark
    public String bareHmacBase64() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(key);
        return Base64.getEncoder().encodeToString(mac.doFinal(source));
    }

    @Benchmark
    public String bareHmacBase64ReusedMac() {
        return Base64.getEncoder().encodeToString(reused.doFinal(source));
    }
}
