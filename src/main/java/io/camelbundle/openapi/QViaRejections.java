package io.camelbundle.openapi;

import java.util.Locale;
import java.util.function.Consumer;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts rejected QVia headers as {@code bundle.openapi.qvia.rejected{reason=malformed|forged|untrusted_peer}}
 * (Prometheus: {@code bundle_openapi_qvia_rejected_total}). A rising forged count means someone is trying to
 * spoof user IPs.
 */
public final class QViaRejections implements Consumer<QViaResolver.Rejection> {

    public static final String METER = "bundle.openapi.qvia.rejected";

    private final MeterRegistry registry;

    public QViaRejections(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void accept(QViaResolver.Rejection rejection) {
        registry.counter(METER, "reason", rejection.name().toLowerCase(Locale.ROOT)).increment();
    }
}
