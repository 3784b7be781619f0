package io.camelbundle.om;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The meters every OM trigger shares, so a dashboard sees one count of events by outcome. */
public final class OmMetrics {

    private OmMetrics() {
    }

    /** {@code bundle.om.events{outcome}}: sent, rejected, failed, skipped_duplicate. */
    public static Counter events(MeterRegistry registry, String outcome) {
        return Counter.builder("bundle.om.events").tag("outcome", outcome)
                .description("OM events by outcome").register(registry);
    }
}
