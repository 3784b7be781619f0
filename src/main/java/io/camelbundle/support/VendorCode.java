package io.camelbundle.support;

/**
 * A vendor's error code as a public surface (readiness, a 503 body, the OAuth callback page) may show it:
 * {@code refused:<code>}, with only letters, digits, {@code _ . -} kept and at most
 * {@value #MAX_LENGTH} characters. Vendors put what they like in their code fields; a code is short, a
 * message is not, and public surfaces carry no vendor text.
 */
public final class VendorCode {

    /** Longest vendor code kept; a longer one is cut and ends with {@code ...}. */
    public static final int MAX_LENGTH = 32;

    private VendorCode() {
    }

    /** {@code refused:<code>}, the code cut and sanitised. */
    public static String refused(Object vendorCode) {
        String code = String.valueOf(vendorCode);
        if (code.length() > MAX_LENGTH) {
            code = code.substring(0, MAX_LENGTH) + "...";
        }
        return "refused:" + code.replaceAll("[^A-Za-z0-9_.-]", "?");
    }
}
