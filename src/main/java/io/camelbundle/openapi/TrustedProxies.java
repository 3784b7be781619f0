package io.camelbundle.openapi;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Addresses whose forwarding headers ({@code QVia}, {@code X-Forwarded-For}) are believed: literal IPv4/IPv6
 * addresses or CIDR blocks ({@code 10.0.0.0/8}). Only literals are accepted, never host names, so matching
 * never triggers a DNS lookup.
 */
public final class TrustedProxies {

    private record Block(byte[] network, int prefix) {
    }

    private final List<Block> blocks;

    public TrustedProxies(List<String> entries) {
        List<Block> parsed = new ArrayList<>();
        for (String entry : entries) {
            String e = entry == null ? "" : entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            int slash = e.indexOf('/');
            byte[] address = literal(slash < 0 ? e : e.substring(0, slash));
            if (address == null) {
                throw new IllegalArgumentException("openapi.trusted-proxies: not an IP address or CIDR block: " + e);
            }
            int prefix = address.length * 8;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(e.substring(slash + 1));
                } catch (NumberFormatException ex) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > address.length * 8) {
                    throw new IllegalArgumentException("openapi.trusted-proxies: bad prefix length in " + e);
                }
            }
            parsed.add(new Block(address, prefix));
        }
        this.blocks = List.copyOf(parsed);
    }

    public boolean isEmpty() {
        return blocks.isEmpty();
    }

    public boolean contains(String address) {
        byte[] a = literal(address);
        if (a == null) {
            return false;
        }
        for (Block b : blocks) {
            if (b.network().length == a.length && samePrefix(b.network(), a, b.prefix())) {
                return true;
            }
        }
        return false;
    }

    private static boolean samePrefix(byte[] x, byte[] y, int bits) {
        int full = bits / 8;
        for (int i = 0; i < full; i++) {
            if (x[i] != y[i]) {
                return false;
            }
        }
        int rest = bits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (x[full] & mask) == (y[full] & mask);
    }

    /** Bytes of an IP literal, or null for anything else (host names are refused, not resolved). */
    static byte[] literal(String s) {
        if (s == null) {
            return null;
        }
        String v = s.trim();
        if (v.startsWith("[") && v.endsWith("]")) {
            v = v.substring(1, v.length() - 1);
        }
        boolean ipv4 = v.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean ipv6 = v.indexOf(':') >= 0 && v.matches("[0-9A-Fa-f:.]+");
        if (!ipv4 && !ipv6) {
            return null;
        }
        if (ipv4) {
            for (String part : v.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return null;
                }
            }
        }
        try {
            return InetAddress.getByName(v).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
