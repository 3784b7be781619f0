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
            // Right to left: the first address not itself a trusted proxy is the one our proxies saw
            String[] hops = xForwardedFor.split(",");
            for (int i = hops.length - 1; i >= 0; i--) {
                String hop = hops[i].trim();
                if (TrustedProxies.literal(hop) != null && !trusted.contains(hop)) {
                    return Optional.of(new Resolved(hop, Source.FORWARDED_FOR));
                }
            }
        }
        return peer == null || peer.isBlank() ? Optional.empty() : Optional.of(new Resolved(peer, Source.PEER));
    }
}
