package io.camelbundle.openapi;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The OpenAPI V3 {@code sig} (seed 001, vendor notes §2, checked against the official SDKs):
 * <ol>
 * <li>every parameter except {@code sig}, raw values, empty values kept as {@code k=};</li>
 * <li>sorted by key in byte order (upper case before lower case);</li>
 * <li>joined {@code k1=v1&k2=v2} without escaping;</li>
 * <li>path and joined string percent-encoded with {@link #encode(String)};</li>
 * <li>source = {@code METHOD&encodedPath&encodedParams};</li>
 * <li>sig = Base64(HMAC-SHA1(appkey + "&", source)).</li>
 * </ol>
 * The appkey is held only inside the {@link SecretKeySpec}; it never appears in {@link #toString()} or in
 * exception messages.
 */
public final class OpenApiSigner {

    public static final String SIG = "sig";

    private static final String HMAC_SHA1 = "HmacSHA1";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /**
     * Byte order of the keys' UTF-8 encodings. For ASCII keys this equals {@link String#compareTo}; it differs
     * for characters outside the BMP, where UTF-16 order is not byte order. Unsigned, as the SDKs' strcmp/ksort.
     */
    static final Comparator<String> BYTE_ORDER = OpenApiSigner::compareUtf8;

    /**
     * UTF-8 byte order without encoding: UTF-8 preserves code point order, and UTF-16 code units compare like
     * code points except where a surrogate is involved, so only then are the bytes compared.
     */
    private static int compareUtf8(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                if (Character.isSurrogate(x) || Character.isSurrogate(y)) {
                    return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
                }
                return x - y;
            }
        }
        return a.length() - b.length();
    }

    private final SecretKeySpec key;
    /** Mac.getInstance costs about as much as the HMAC itself: one initialised Mac per thread instead. */
    private final ThreadLocal<Mac> macs;

    public OpenApiSigner(String appkey) {
        if (appkey == null || appkey.isEmpty()) {
            throw new IllegalArgumentException("openapi.appkey is empty");
        }
        this.key = new SecretKeySpec((appkey + "&").getBytes(StandardCharsets.UTF_8), HMAC_SHA1);
        this.macs = ThreadLocal.withInitial(this::newMac);
        newMac(); // fail at construction, not at the first call, if HmacSHA1 is missing
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(HMAC_SHA1);
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            // No key material in the message: only the algorithm name
            throw new IllegalStateException(HMAC_SHA1 + " unavailable in this JDK");
        }
    }

    /** The {@code sig} of a request; a {@code sig} entry in {@code params} is ignored. */
    public String sign(String method, String path, Map<String, String> params) {
        byte[] source = sourceString(method, path, params).getBytes(StandardCharsets.US_ASCII); // all %XX
        // doFinal resets the Mac, so the thread's Mac is ready for its next call
        return Base64.getEncoder().encodeToString(macs.get().doFinal(source));
    }

    /**
     * True if {@code params} carries a {@code sig} equal to the one computed from the other parameters.
     * Compared in constant time, so a caller probing signatures learns nothing from timing.
     */
    public boolean verify(String method, String path, Map<String, String> params) {
        String presented = params.get(SIG);
        if (presented == null || presented.isEmpty()) {
            return false;
        }
        String expected = sign(method, path, params);
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The parameters as they go on the wire (query string for GET, form body for POST): every key and value,
     * plus the computed {@code sig}, encoded with {@link #encode(String)} so {@code + / =} of the Base64
     * signature never arrive raw. Keys are in byte order, {@code sig} last.
     */
    public String signedWireParams(String method, String path, Map<String, String> params) {
        String sig = sign(method, path, params);
        StringBuilder out = new StringBuilder();
        for (String k : sortedKeys(params)) {
            out.append(encode(k)).append('=').append(encode(Objects.toString(params.get(k), ""))).append('&');
        }
        return out.append(SIG).append('=').append(encode(sig)).toString();
    }

    /** Step 5: {@code METHOD&encode(path)&encode(k1=v1&k2=v2...)}. Contains no secret. */
    public static String sourceString(String method, String path, Map<String, String> params) {
        // encode works byte by byte, so encode(k1=v1&k2=v2) is encode(k1) %3D encode(v1) %26 ...: one pass,
        // no intermediate joined string (same result as encode(joinRaw(params)), see the tests)
        StringBuilder out = new StringBuilder(64 + 24 * params.size());
        out.append(method.toUpperCase(Locale.ROOT)).append('&');
        encodeInto(out, path);
        out.append('&');
        boolean first = true;
        for (String k : sortedKeys(params)) {
            if (!first) {
                out.append("%26");
            }
            first = false;
            encodeInto(out, k);
            out.append("%3D");
            encodeInto(out, Objects.toString(params.get(k), ""));
        }
        return out.toString();
    }

    /** Steps 1-3: sorted in byte order, raw values, {@code sig} left out, null as empty. */
    public static String joinRaw(Map<String, String> params) {
        StringBuilder out = new StringBuilder();
        for (String k : sortedKeys(params)) {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(k).append('=').append(Objects.toString(params.get(k), ""));
        }
        return out.toString();
    }

    /**
     * Percent-encoding over UTF-8 bytes keeping only {@code A-Z a-z 0-9 - _ .}; every other byte becomes
     * {@code %XX} with upper-case hex. Deliberately not {@link java.net.URLEncoder} (space as {@code +},
     * keeps {@code *}) nor RFC 3986 (keeps {@code ~}): either gives signatures the gateway rejects.
     */
    public static String encode(String value) {
        int n = value.length();
        int i = 0;
        while (i < n && unreserved(value.charAt(i))) {
            i++;
        }
        if (i == n) {
            return value; // nothing to encode
        }
        StringBuilder out = new StringBuilder(n * 3);
        encodeInto(out, value);
        return out.toString();
    }

    private static void encodeInto(StringBuilder out, String value) {
        int n = value.length();
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (unreserved(c)) {
                out.append(c);
            } else if (c < 0x80) {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0x0F]);
            } else {
                // Non-ASCII from here on: the UTF-8 bytes of the rest (keeps surrogate pairs together)
                for (byte b : value.substring(i).getBytes(StandardCharsets.UTF_8)) {
                    int u = b & 0xFF;
                    if (u < 0x80 && unreserved((char) u)) {
                        out.append((char) u);
                    } else {
                        out.append('%').append(HEX[u >> 4]).append(HEX[u & 0x0F]);
                    }
                }
                break;
            }
        }
    }

    private static boolean unreserved(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                || c == '.';
    }

    private static List<String> sortedKeys(Map<String, String> params) {
        List<String> keys = new ArrayList<>(params.size());
        for (String k : params.keySet()) {
            if (!SIG.equals(k)) {
                keys.add(k);
            }
        }
        keys.sort(BYTE_ORDER);
        return keys;
    }

    @Override
    public String toString() {
        return "OpenApiSigner[appkey=****]";
    }
}
