package io.camelbundle.openapi;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * {@code bundle.openapi.calls{api,outcome}} (Prometheus {@code bundle_openapi_calls_seconds_*}): one timing
 * per HTTP call to OpenAPI (each attempt: a retried call counts once per attempt); outcome ok, login_gone,
 * bad_signature, transient, other or no_answer.
 * The gateway lets internal callers choose the path, so distinct {@code api} tags are capped: beyond
 * {@value #MAX_APIS} paths, calls are recorded as api "other".
 */
public final class OpenApiMetrics {

    public static final String METER = "bundle.openapi.calls";
    static final int MAX_APIS = 50;

    private final MeterRegistry registry;
    private final Set<String> apis = ConcurrentHashMap.newKeySet();

    public OpenApiMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void record(String apiPath, String outcome, Duration took) {
        String api = apis.contains(apiPath) || (apis.size() < MAX_APIS && apis.add(apiPath)) ? apiPath : "other";
        Timer.builder(METER).tag("api", api).tag("outcome", outcome)
                .description("OpenAPI V3 HTTP calls, each attempt").register(registry).record(took);
    }
}
