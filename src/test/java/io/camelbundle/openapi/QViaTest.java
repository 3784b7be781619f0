package io.camelbundle.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

class QViaTest {

    private static final String EXAMPLE = "705a8b1ebd6e4d32aa5c6bb83ec2ceaad3d3608c";

    @Test
    void publishedExampleDecodes() {
        assertThat(QVia.decode(EXAMPLE)).contains("112.90.139.30");
        assertThat(QVia.check(EXAMPLE).outcome()).isEqualTo(QVia.Outcome.VALID);
    }

    @Test
    void encodeIsTheInverseAndMatchesTheExample() {
        assertThat(QVia.encode(new byte[]{112, 90, (byte) 139, 30})).isEqualTo(EXAMPLE);
        assertThat(QVia.decode(QVia.encode(new byte[]{(byte) 255, 0, 0, 1}))).contains("255.0.0.1");
    }

    @Test
    void checksumIsMd5OfPrefixRawBytesSuffix() throws Exception {
        // Independent: the checksum spelled out with the salt strings concatenated around the raw bytes
        byte[] ip = {1, 2, 3, 4};
        byte[] in = new byte[12 + 4 + 12];
        System.arraycopy("QV^10#Prefix".getBytes(StandardCharsets.US_ASCII), 0, in, 0, 12);
        System.arraycopy(ip, 0, in, 12, 4);
        System.arraycopy("QV10$Suffix%".getBytes(StandardCharsets.US_ASCII), 0, in, 16, 12);
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(in));
        assertThat(QVia.decode("01020304" + md5)).contains("1.2.3.4");
    }

    @Test
    void forgedHeadersAreRejected() {
        // Another IP with the example's checksum
        assertThat(QVia.check("01020304" + EXAMPLE.substring(8)).outcome()).isEqualTo(QVia.Outcome.FORGED);
        // One flipped checksum digit
        String flipped = EXAMPLE.substring(0, 39) + (EXAMPLE.charAt(39) == '0' ? '1' : '0');
        assertThat(QVia.check(flipped).outcome()).isEqualTo(QVia.Outcome.FORGED);
        assertThat(QVia.decode(flipped)).isEmpty();
    }

    @Test
    void malformedHeadersAreRejected() {
        for (String bad : List.of(EXAMPLE.toUpperCase(), EXAMPLE.substring(1), EXAMPLE + "0",
                "g" + EXAMPLE.substring(1), "112.90.139.30", EXAMPLE.substring(0, 8))) {
            assertThat(QVia.check(bad).outcome()).as(bad).isEqualTo(QVia.Outcome.MALFORMED);
            assertThat(QVia.decode(bad)).as(bad).isEmpty();
        }
    }

    @Test
    void absentIsNotARejection() {
        assertThat(QVia.check(null).outcome()).isEqualTo(QVia.Outcome.ABSENT);
        assertThat(QVia.check("  ").outcome()).isEqualTo(QVia.Outcome.ABSENT);
        assertThat(QVia.decode(null)).isEmpty();
    }

    // --- resolver: QVia only from trusted proxies, counted rejections, fallback to standard headers ---

    private final List<QViaResolver.Rejection> rejections = new ArrayList<>();
    private final QViaResolver resolver = new QViaResolver(new TrustedProxies(List.of("10.0.0.0/8", "::1")),
            rejections::add);

    @Test
    void validQViaFromTrustedProxyWins() {
        assertThat(resolver.userIp("10.1.2.3", EXAMPLE, "9.9.9.9")).contains("112.90.139.30");
        assertThat(rejections).isEmpty();
    }

    @Test
    void qviaFromUntrustedPeerIsIgnoredAndCounted() {
        assertThat(resolver.userIp("203.0.113.7", EXAMPLE, "9.9.9.9")).contains("203.0.113.7");
        assertThat(rejections).containsExactly(QViaResolver.Rejection.UNTRUSTED_PEER);
    }

    @Test
    void forgedAndMalformedFallBackToForwardedForAndAreCounted() {
        assertThat(resolver.userIp("10.1.2.3", "01020304" + EXAMPLE.substring(8), "8.8.8.8, 10.9.9.9"))
                .contains("8.8.8.8");
        assertThat(resolver.userIp("10.1.2.3", "zz", null)).contains("10.1.2.3");
        assertThat(rejections).containsExactly(QViaResolver.Rejection.FORGED, QViaResolver.Rejection.MALFORMED);
    }

    /**
     * A hop that is no address ends the walk (the peer is used): what lies left of it came from the client. A
     * hop with a port, as some load balancers write it, is read without the port.
     */
    @Test
    void aHopThatIsNoAddressEndsTheWalkAndPortsAreDropped() {
        assertThat(resolver.userIp("10.1.2.3", null, "6.6.6.6, unknown")).contains("10.1.2.3");
        assertThat(resolver.userIp("10.1.2.3", null, "6.6.6.6, garbage, 10.9.9.9")).contains("10.1.2.3");
        assertThat(resolver.userIp("10.1.2.3", null, "6.6.6.6, 203.0.113.9:51234")).contains("203.0.113.9");
        assertThat(resolver.userIp("10.1.2.3", null, "6.6.6.6, [2001:db8::1]:443")).contains("2001:db8::1");
        assertThat(resolver.userIp("10.1.2.3", null, "6.6.6.6, [2001:db8::1]")).contains("2001:db8::1");
        assertThat(resolver.userIp("10.1.2.3", null, "6.6.6.6, 2001:db8::1")).contains("2001:db8::1");
        assertThat(resolver.userIp("10.1.2.3", null, "6.6.6.6, 10.9.9.9:8080")).as("a trusted proxy with a port")
                .contains("6.6.6.6");
        assertThat(resolver.userIp("10.1.2.3", null, "6.6.6.6, [2001:db8::1]:x")).contains("10.1.2.3");
        assertThat(rejections).isEmpty();
    }

    @Test
    void forwardedForFromUntrustedPeerIsIgnored() {
        assertThat(resolver.userIp("203.0.113.7", null, "8.8.8.8")).contains("203.0.113.7");
        assertThat(rejections).isEmpty();
    }

    @Test
    void resolveSaysWhereTheAddressCameFrom() {
        assertThat(resolver.resolve("10.1.2.3", EXAMPLE, null)).contains(
                new QViaResolver.Resolved("112.90.139.30", QViaResolver.Source.QVIA));
        assertThat(resolver.resolve("10.1.2.3", null, "8.8.8.8")).contains(
                new QViaResolver.Resolved("8.8.8.8", QViaResolver.Source.FORWARDED_FOR));
        assertThat(resolver.resolve("10.1.2.3", null, null)).contains(
                new QViaResolver.Resolved("10.1.2.3", QViaResolver.Source.PEER));
        assertThat(resolver.resolve(null, null, null)).isEmpty();
    }

    @Test
    void trustedProxiesMatchCidrAndLiteralsOnly() {
        TrustedProxies t = new TrustedProxies(List.of("10.0.0.0/8", "192.168.1.128/25", "127.0.0.1", "::1"));
        assertThat(t.contains("10.255.0.1")).isTrue();
        assertThat(t.contains("11.0.0.1")).isFalse();
        assertThat(t.contains("192.168.1.200")).isTrue();
        assertThat(t.contains("192.168.1.100")).isFalse();
        assertThat(t.contains("127.0.0.1")).isTrue();
        assertThat(t.contains("0:0:0:0:0:0:0:1")).isTrue();
        assertThat(t.contains("localhost")).isFalse();
        assertThat(t.contains("300.1.1.1")).isFalse();
        assertThat(new TrustedProxies(List.of()).contains("10.0.0.1")).isFalse();
    }
}
