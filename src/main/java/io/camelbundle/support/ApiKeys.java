package io.camelbundle.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Checks {@code Authorization: Bearer <key>} against configured keys in constant time: both sides are
 * hashed first (so lengths do not leak) and every configured key is compared, match or not.
 */
public final class ApiKeys {

    private static final String BEARER = "Bearer ";

    private final List<byte[]> keyDigests;

    public ApiKeys(List<String> keys) {
        this.keyDigests = keys.stream().filter(k -> k != null && !k.isBlank()).map(ApiKeys::sha256).toList();
    }

    /** True if the header is {@code Bearer <one of the keys>}. */
    public boolean authorizes(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        byte[] presented = sha256(authorizationHeader.substring(BEARER.length()).trim());
        boolean match = false;
        for (byte[] key : keyDigests) {
            match |= MessageDigest.isEqual(key, presented);
        }
        return match;
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
