package io.camelbundle.om;

/**
 * Strict syntax check of IPv4 and IPv6 address literals. {@code InetAddress.getByName} is not used: given
 * anything that is not a literal it asks DNS, which would turn every bad {@code IP} value in a file into a
 * network lookup. Java 17 has no literal-only parser ({@code InetAddress.ofLiteral} arrived in Java 22).
 */
final class IpLiterals {

    private IpLiterals() {
    }

    /** A dotted-quad IPv4 address or an IPv6 address (RFC 4291 text forms), nothing else. */
    static boolean isValid(String value) {
        return value != null && (isIpv4(value) || isIpv6(value));
    }

    /**
     * Four decimal octets 0..255 separated by dots. Leading zeros ({@code 010.1.1.1}) are rejected: some
     * parsers read them as octal, so the address they mean is ambiguous.
     */
    static boolean isIpv4(String value) {
        int length = value.length();
        if (length < 7 || length > 15) {
            return false;
        }
        int octets = 0;
        int start = 0;
        while (start <= length) {
            int end = value.indexOf('.', start);
            if (end < 0) {
                end = length;
            }
            if (!isOctet(value, start, end)) {
                return false;
            }
            octets++;
            start = end + 1;
            if (end == length) {
                break;
            }
        }
        return octets == 4;
    }

    private static boolean isOctet(String value, int start, int end) {
        int digits = end - start;
        if (digits < 1 || digits > 3 || (digits > 1 && value.charAt(start) == '0')) {
            return false;
        }
        int number = 0;
        for (int i = start; i < end; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            number = number * 10 + (c - '0');
        }
        return number <= 255;
    }

    /**
     * Eight groups of 1-4 hex digits, at most one {@code ::} standing for one or more zero groups, and an
     * optional dotted-quad IPv4 address as the last two groups ({@code ::ffff:10.1.1.1}). Zone ids
     * ({@code fe80::1%eth0}) and brackets are rejected: they are not a user's address.
     */
    static boolean isIpv6(String value) {
        int length = value.length();
        if (length < 2 || length > 45) {
            return false;
        }
        int compression = value.indexOf("::");
        if (compression >= 0 && value.indexOf("::", compression + 1) >= 0) {
            return false;
        }
        int groups;
        if (compression < 0) {
            groups = countGroups(value, true);
            return groups == 8;
        }
        String head = value.substring(0, compression);
        String tail = value.substring(compression + 2);
        int headGroups = head.isEmpty() ? 0 : countGroups(head, false);
        int tailGroups = tail.isEmpty() ? 0 : countGroups(tail, true);
        if (headGroups < 0 || tailGroups < 0) {
            return false;
        }
        // "::" stands for at least one zero group
        return headGroups + tailGroups <= 7;
    }

    /** Number of 16-bit groups in a colon-separated list, or -1 if it is malformed. */
    private static int countGroups(String part, boolean ipv4AllowedLast) {
        String[] pieces = part.split(":", -1);
        int groups = 0;
        for (int i = 0; i < pieces.length; i++) {
            String piece = pieces[i];
            if (ipv4AllowedLast && i == pieces.length - 1 && piece.indexOf('.') >= 0) {
                if (!isIpv4(piece)) {
                    return -1;
                }
                groups += 2;
            } else if (isHexGroup(piece)) {
                groups++;
            } else {
                return -1;
            }
        }
        return groups;
    }

    private static boolean isHexGroup(String piece) {
        int length = piece.length();
        if (length < 1 || length > 4) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = piece.charAt(i);
            boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!hex) {
                return false;
            }
        }
        return true;
    }
}
