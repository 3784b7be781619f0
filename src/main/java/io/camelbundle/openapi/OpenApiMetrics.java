package io.camelbundle.openapi;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * {@code bundle.openapi.calls{api,outcome}} (Prometheus {@code bundle_openapi_calls_seconds_*}): one timing
 * per OpenAPI call after its retries; outcome ok, login_gone, bad_signature, transient, other, no_answer or error.
 * The gateway lets internal callers choose the path, so distinct {@code api} tags are capped: beyond
 * {@value #MAX_APIS} paths, calls are recorded as api "other".
 */
public final class OpenApiMetrics implements OpenApiClient.CallListener {

    public static final String METER = "bundle.openapi.calls";
    static final int MAX_APIS = 50;

    private final MeterRegistry registry;
    private final Set<String> apis = ConcurrentHashMap.newKeySet();

    public OpenApiMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void finished(String apiPath, String outcome, Duration took) {
        String api = apis.contains(apiPath) || (apis.size() < MAX_APIS && apis.add(apiPath)) ? apiPath : "other";
        Timer.builder(METER).tag("api", api).tag("outcome", outcome)
                .description("OpenAPI V3 calls, after retries").register(registry).record(took);
    }
}
