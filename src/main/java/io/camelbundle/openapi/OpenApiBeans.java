package io.camelbundle.openapi;

import java.util.List;
import java.util.Set;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.MeterRegistry;

/** CDI wiring of the plain OpenAPI classes from {@link OpenApiConfig}. */
public class OpenApiBeans {

    @Produces
    @Singleton
    OpenApiSigner openApiSigner(OpenApiConfig config) {
        return new OpenApiSigner(config.appkey().orElse(null));
    }

    /** The retryWhile and onRedelivery of OpenAPI calls: {@code openApiRetry}. */
    @Produces
    @Singleton
    @Named("openApiRetry")
    OpenApiRetry openApiRetry(OpenApiConfig config) {
        return new OpenApiRetry(Set.copyOf(config.safeToRepeat()), config.retry().maxAttempts());
    }

    /** The signing step for routes: {@code - process: {ref: openApiSign}}. */
    @Produces
    @Singleton
    @Named("openApiSign")
    OpenApiSign openApiSign(OpenApiConfig config, OpenApiSigner signer) {
        return new OpenApiSign(signer, config.appid().orElse(null), config.format(), config.charset());
    }

    /** The answer step after a signed Camel HTTP call: {@code - bean: {ref: openApiAnswer, method: read}}. */
    @Produces
    @Singleton
    @Named("openApiAnswer")
    OpenApiAnswer openApiAnswer(MeterRegistry registry) {
        return new OpenApiAnswer(new OpenApiMetrics(registry));
    }

    /** Reachable from routes as {@code #bean:qviaResolver}. */
    @Produces
    @Singleton
    @Named("qviaResolver")
    QViaResolver qviaResolver(OpenApiConfig config, MeterRegistry registry) {
        return new QViaResolver(new TrustedProxies(config.trustedProxies().orElse(List.of())),
                new QViaRejections(registry));
    }
}
