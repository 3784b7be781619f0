package io.camelbundle.openapi;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * The {@code userip} of an OpenAPI call. Behind Tencent's gateway the peer is a 10.x proxy and the user's
 * address is in {@code QVia}; because QVia's salt is public it is believed only when the peer is a trusted
 * proxy. Without a valid QVia the standard headers are used (again only from a trusted peer), else the peer.
 * Rejected QVia headers (malformed, forged, or from an untrusted peer) are reported to {@code rejected}.
 */
public final class QViaResolver {

    /** Why a present QVia header was not used. */
    public enum Rejection {
        MALFORMED, FORGED, UNTRUSTED_PEER
    }

    private final TrustedProxies trusted;
    private final Consumer<Rejection> rejected;

    public QViaResolver(TrustedProxies trusted, Consumer<Rejection> rejected) {
        this.trusted = trusted;
        this.rejected = rejected;
    }

    /** Where a user IP came from. */
    public enum Source {
        QVIA, FORWARDED_FOR, PEER
    }

    public record Resolved(String ip, Source source) {
    }

    /**
     * @param peer          the TCP peer address
     * @param qvia          the QVia header or null
     * @param xForwardedFor the X-Forwarded-For header or null
     * @return the user's IP, or empty when not even the peer is known
     */
    public Optional<String> userIp(String peer, String qvia, String xForwardedFor) {
        return resolve(peer, qvia, xForwardedFor).map(Resolved::ip);
    }

    /** Like {@link #userIp}, also saying which source the address came from. */
    public Optional<Resolved> resolve(String peer, String qvia, String xForwardedFor) {
        boolean fromProxy = peer != null && trusted.contains(peer);
        QVia.Result result = QVia.check(qvia);
        if (result.outcome() != QVia.Outcome.ABSENT) {
            if (!fromProxy) {
                rejected.accept(Rejection.UNTRUSTED_PEER);
            } else if (result.outcome() == QVia.Outcome.VALID) {
                return Optional.of(new Resolved(result.ip(), Source.QVIA));
            } else {
                rejected.accept(result.outcome() == QVia.Outcome.FORGED ? Rejection.FORGED : Rejection.MALFORMED);
            }
        }
        if (fromProxy && xForwardedFor != null) {
            // Right to left: the first address not itself a trusted proxy is the one our proxies saw. A hop that
            // is no address (unknown, garbage) ends the walk: what lies left of it came from the client itself
            String[] hops = xForwardedFor.split(",");
            for (int i = hops.length - 1; i >= 0; i--) {
                String hop = withoutPort(hops[i].trim());
                if (TrustedProxies.literal(hop) == null) {
                    break;
                }
                if (!trusted.contains(hop)) {
                    return Optional.of(new Resolved(hop, Source.FORWARDED_FOR));
                }
            }
        }
        return peer == null || peer.isBlank() ? Optional.empty() : Optional.of(new Resolved(peer, Source.PEER));
    }

    /**
     * The address of a hop some proxies write with its port: 203.0.113.9:51234 and [2001:db8::1]:443 (and
     * [2001:db8::1]) become the bare address; anything else is returned as it is.
     */
    static String withoutPort(String hop) {
        if (hop.startsWith("[")) {
            int close = hop.indexOf(']');
            if (close > 0 && (close == hop.length() - 1 || hop.substring(close + 1).matches(":\\d{1,5}"))) {
                return hop.substring(1, close);
            }
            return hop;
        }
        int colon = hop.indexOf(':');
        if (colon > 0 && colon == hop.lastIndexOf(':') && hop.substring(colon + 1).matches("\\d{1,5}")) {
            return hop.substring(0, colon);
        }
        return hop;
    }
}
