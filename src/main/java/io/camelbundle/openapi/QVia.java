package io.camelbundle.openapi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The {@code QVia} header Tencent's gateway adds (seed 001; docs/openapi.md): 40 lower-case hex characters,
 * the first 8 the user's IPv4 octets in order, the last 32
 * {@code md5("QV^10#Prefix" + 4 raw IP bytes + "QV10$Suffix%")}. The salt is public, so a valid checksum only
 * proves the header is well-formed, not who sent it: callers must also check the peer is a trusted proxy
 * (see {@link QViaResolver}). Plain class, no CDI, so it is unit-testable as is.
 */
public final class QVia {

    public static final String HEADER = "QVia";

    private static final byte[] PREFIX = "QV^10#Prefix".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SUFFIX = "QV10$Suffix%".getBytes(StandardCharsets.US_ASCII);
    private static final HexFormat HEX = HexFormat.of();

    /** Why a header was or was not accepted; ABSENT is not a rejection. */
    public enum Outcome {
        VALID, ABSENT, MALFORMED, FORGED
    }

    /** Outcome plus the dotted-quad IP when VALID. */
    public record Result(Outcome outcome, String ip) {
        public Optional<String> address() {
            return Optional.ofNullable(ip);
        }
    }

    private QVia() {
    }

    /** The user's IP if the header is well-formed with a matching checksum, else empty. */
    public static Optional<String> decode(String header) {
        return check(header).address();
    }

    public static Result check(String header) {
        if (header == null || header.isBlank()) {
            return new Result(Outcome.ABSENT, null);
        }
        String value = header.trim();
        if (value.length() != 40 || !lowerHex(value)) {
            return new Result(Outcome.MALFORMED, null);
        }
        byte[] ip = HEX.parseHex(value, 0, 8);
        byte[] presented = HEX.parseHex(value, 8, 40);
        if (!MessageDigest.isEqual(checksum(ip), presented)) {
            return new Result(Outcome.FORGED, null);
        }
        return new Result(Outcome.VALID, (ip[0] & 0xFF) + "." + (ip[1] & 0xFF) + "." + (ip[2] & 0xFF) + "."
                + (ip[3] & 0xFF));
    }

    /** Builds a header for an IPv4 address (sandbox and tests). */
    public static String encode(byte[] ipv4) {
        if (ipv4.length != 4) {
            throw new IllegalArgumentException("QVia carries IPv4 only");
        }
        return HEX.formatHex(ipv4) + HEX.formatHex(checksum(ipv4));
    }

    static byte[] checksum(byte[] ip) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update(PREFIX);
            md5.update(ip);
            md5.update(SUFFIX);
            return md5.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 missing from the JDK", e);
        }
    }

    // Strict: the gateway writes lower case; anything else did not come from it.
    private static boolean lowerHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }
}
