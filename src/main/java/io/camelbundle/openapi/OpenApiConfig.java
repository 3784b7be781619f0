package io.camelbundle.openapi;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.camelbundle.support.Trimmed;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;

/** The {@code openapi.*} configuration; every key is documented in config/application.properties. */
@ConfigMapping(prefix = "openapi")
public interface OpenApiConfig {

    /** Base URL in front of {@code /v3/...}. Production only ever the domain (seed 001), never the test IP. */
    @WithDefault("https://openapi.tencentyun.com")
    String baseUrl();

    /** The application's appid. Required when openapi is in bundle.vendors (checked at start-up). */
    Optional<String> appid();

    /** The application's appkey, the HMAC key of every sig. Secret, required when openapi is in bundle.vendors. */
    Optional<String> appkey();

    /** {@code format} sent with each call: json or xml (the client parses both). */
    @WithDefault("json")
    String format();

    /**
     * {@code charset} sent with each call: utf-8 or gbk. The server's own default is gbk, so the bundle always
     * sends it explicitly; sig is computed over UTF-8 bytes either way.
     */
    @WithDefault("utf-8")
    String charset();

    /** Total time allowed for one call (the gateway's own maximum is 3 s). */
    @WithDefault("PT3S")
    Duration timeout();

    @WithDefault("PT1S")
    Duration connectTimeout();

    /**
     * Connections kept to OpenAPI by each Camel HTTP endpoint that calls it (the gateway's, each Kamelet
     * instance's): at least the calls made at once.
     */
    @WithDefault("64")
    int maxConnections();

    /** Largest answer read, in bytes (the Camel HTTP endpoints' #openapiHttp limits). */
    @WithDefault("1048576")
    long maxAnswerBytes();

    /**
     * Proxies (IP literals or CIDR blocks) whose QVia / X-Forwarded-For headers are believed. Empty: none,
     * every QVia is ignored (its salt is public, anyone can forge one).
     */
    Optional<List<String>> trustedProxies();

    /** API paths retried on transient errors; any other call is tried once. */
    @WithDefault("/v3/user/get_info,/v3/user/get_multi_info,/v3/user/is_login")
    @WithConverter(Trimmed.class)
    List<String> safeToRepeat();

    Retry retry();

    Gateway gateway();

    interface Gateway {
        /**
         * Largest request the signing gateway forwards, in bytes of query string plus body as received;
         * larger requests are answered 413 before anything is sent.
         */
        @WithDefault("16384")
        int maxParamBytes();
    }

    interface Retry {
        /** Attempts in total for a safe-to-repeat call (1 = no retry). */
        @WithDefault("3")
        int maxAttempts();

        /** Pause before the first retry; doubles per retry (+-20 % jitter). */
        @WithDefault("PT0.2S")
        Duration initialBackoff();

        /** Pause after ret -6 (rate limited), +-15 % so callers spread out (Camel's collision avoidance). */
        @WithDefault("PT2S")
        Duration rateLimitedBackoff();
    }
}
