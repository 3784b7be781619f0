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
 * The OpenAPI V3 {@code sig} (seed 001, checked against the official SDKs; docs/openapi.md):
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
    private static final byte[] HEX_BYTES = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    /** {@code A-Z a-z 0-9 - _ .}: the only characters sent unescaped. */
    private static final boolean[] UNRESERVED = new boolean[128];

    static {
        for (char c = 'A'; c <= 'Z'; c++) {
            UNRESERVED[c] = true;
            UNRESERVED[Character.toLowerCase(c)] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            UNRESERVED[c] = true;
        }
        UNRESERVED['-'] = true;
        UNRESERVED['_'] = true;
        UNRESERVED['.'] = true;
    }

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
                    return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8),
                            b.getBytes(StandardCharsets.UTF_8));
                }
                return x - y;
            }
        }
        return a.length() - b.length();
    }

    private final SecretKeySpec key;
    /** Mac.getInstance costs about as much as the HMAC itself: one initialised Mac per thread instead. */
    private final ThreadLocal<Mac> macs;
    private final ThreadLocal<AsciiBuffer> buffers = ThreadLocal.withInitial(AsciiBuffer::new);

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
        // the source is ASCII (every other byte is %XX): written as bytes into the thread's buffer and fed to
        // the Mac from there, without a String or a byte[] copy per call
        AsciiBuffer source = buffers.get();
        source.length = 0;
        writeSource(source, method, path, params);
        Mac mac = macs.get();
        mac.update(source.bytes, 0, source.length);
        // doFinal resets the Mac, so the thread's Mac is ready for its next call
        return Base64.getEncoder().encodeToString(mac.doFinal());
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
        for (Map.Entry<String, String> e : sortedEntries(params)) {
            out.append(encode(e.getKey())).append('=').append(encode(Objects.toString(e.getValue(), ""))).append('&');
        }
        return out.append(SIG).append('=').append(encode(sig)).toString();
    }

    /** Step 5: {@code METHOD&encode(path)&encode(k1=v1&k2=v2...)}. Contains no secret. */
    public static String sourceString(String method, String path, Map<String, String> params) {
        AsciiBuffer out = new AsciiBuffer();
        writeSource(out, method, path, params);
        return out.toString();
    }

    private static void writeSource(AsciiBuffer out, String method, String path, Map<String, String> params) {
        // encode works byte by byte, so encode(k1=v1&k2=v2) is encode(k1) %3D encode(v1) %26 ...: one pass,
        // no intermediate joined string (same result as encode(joinRaw(params)), see the tests)
        out.appendAscii(method.toUpperCase(Locale.ROOT));
        out.append('&');
        encodeInto(out, path);
        out.append('&');
        boolean first = true;
        for (Map.Entry<String, String> e : sortedEntries(params)) {
            if (!first) {
                out.appendEscape('&');
            }
            first = false;
            encodeInto(out, e.getKey());
            out.appendEscape('=');
            encodeInto(out, Objects.toString(e.getValue(), ""));
        }
    }

    /** Steps 1-2: the parameters without {@code sig}, keys in byte order (entries: no lookup per key). */
    private static List<Map.Entry<String, String>> sortedEntries(Map<String, String> params) {
        List<Map.Entry<String, String>> entries = new ArrayList<>(params.size());
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (!SIG.equals(e.getKey())) {
                entries.add(e);
            }
        }
        entries.sort(Map.Entry.comparingByKey(BYTE_ORDER));
        return entries;
    }

    /** A growable ASCII byte buffer: the source string is all ASCII once encoded. */
    private static final class AsciiBuffer {
        byte[] bytes = new byte[256];
        int length;

        private void ensure(int more) {
            if (length + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
            }
        }

        void append(char c) {
            ensure(1);
            bytes[length++] = (byte) c;
        }

        /** {@code %XX} of an ASCII character or a UTF-8 byte. */
        void appendEscape(int b) {
            ensure(3);
            bytes[length++] = '%';
            bytes[length++] = HEX_BYTES[(b >> 4) & 0x0F];
            bytes[length++] = HEX_BYTES[b & 0x0F];
        }

        @Override
        public String toString() {
            return new String(bytes, 0, length, StandardCharsets.US_ASCII);
        }

        /** The method: ASCII letters by contract; anything else is escaped so the source stays ASCII. */
        void appendAscii(String s) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < 0x80) {
                    append(c);
                } else {
                    appendEscape('?');
                }
            }
        }
    }

    /** Steps 1-3: sorted in byte order, raw values, {@code sig} left out, null as empty. */
    public static String joinRaw(Map<String, String> params) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> e : sortedEntries(params)) {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(e.getKey()).append('=').append(Objects.toString(e.getValue(), ""));
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
        AsciiBuffer out = new AsciiBuffer();
        encodeInto(out, value);
        return out.toString();
    }

    private static void encodeInto(AsciiBuffer out, String value) {
        int n = value.length();
        // room for the ASCII case up front (at most %XX per char), so the loop writes without bounds checks
        out.ensure(3 * n);
        byte[] bytes = out.bytes;
        int length = out.length;
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c >= 0x80) {
                // Non-ASCII from here on: the UTF-8 bytes of the rest (keeps surrogate pairs together)
                out.length = length;
                for (byte b : value.substring(i).getBytes(StandardCharsets.UTF_8)) {
                    int u = b & 0xFF;
                    if (unreserved((char) u)) {
                        out.append((char) u);
                    } else {
                        out.appendEscape(u);
                    }
                }
                return;
            }
            if (UNRESERVED[c]) {
                bytes[length++] = (byte) c;
            } else {
                bytes[length++] = '%';
                bytes[length++] = HEX_BYTES[c >> 4];
                bytes[length++] = HEX_BYTES[c & 0x0F];
            }
        }
        out.length = length;
    }

    private static boolean unreserved(char c) {
        return c < 0x80 && UNRESERVED[c];
    }

    @Override
    public String toString() {
        return "OpenApiSigner[appkey=****]";
    }
}
