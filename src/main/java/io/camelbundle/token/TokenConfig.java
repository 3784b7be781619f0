package io.camelbundle.token;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.camelbundle.support.Trimmed;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;

/** The {@code tokens.*} configuration; every key is documented in config/application.properties. */
@ConfigMapping(prefix = "tokens")
public interface TokenConfig {

    /** Keys that internal servers present as {@code Authorization: Bearer <key>} (secret, required). */
    @WithConverter(Trimmed.class)
    List<String> apiKeys();

    /**
     * Answer {@code GET /tokens/{credential}} on the HTTP event loop when the key is valid and the token is in
     * memory ({@link TokenApiFastPath}); false sends every request through routes/tokens-api.camel.yaml.
     */
    @WithDefault("true")
    boolean fastPath();

    /** Period of the proactive refresh timer route, in Camel's duration syntax. */
    @WithDefault("1s")
    String checkInterval();

    Refresh refresh();

    @WithDefault("PT1S")
    Duration minRemaining();

    @WithDefault("PT5S")
    Duration waitTimeout();

    @WithDefault("PT30S")
    Duration leaseDuration();

    Retry retry();

    Lifetime lifetime();

    @WithDefault("PT1S")
    Duration cacheTtl();

    @WithDefault("PT0.05S")
    Duration pollInterval();

    /** Readiness stays UP this long after start-up even without a token, so the first refresh can run. */
    @WithDefault("PT30S")
    Duration startupGrace();

    /**
     * Credentials declared in configuration alone ({@code tokens.credentials.<name>.*}): each fetched by its own
     * route, see {@link RouteTokenSource}.
     */
    Map<String, DeclaredCredential> credentials();

    /** Answer cap of the token endpoints of declared credentials (their routes use {@code #tokenHttp}). */
    @WithDefault("65536")
    long maxAnswerBytes();

    interface DeclaredCredential {
        /** The endpoint (a route) that fetches the token, e.g. {@code direct:token-fetch-partner}. */
        String fetchUri();

        /** The vendor of bundle.vendors the credential belongs to; none: always on. */
        Optional<String> vendor();

        /** Identifies the token endpoint and client; a stored token issued for another is not served. */
        Optional<String> fingerprint();

        /**
         * What the fetch route sends (client id, secret, scope), read by it as
         * {@code ${properties:tokens.credentials.<name>.params.<param>}}; values whose name says secret, key,
         * token or password are masked wherever the bundle writes text.
         */
        Map<String, String> params();
    }

    interface Refresh {
        @WithDefault("PT10M")
        Duration marginMin();

        @WithDefault("0.1")
        double marginRatio();

        @WithDefault("PT30S")
        Duration jitter();
    }

    /** Bounds of a token lifetime a vendor may announce; anything else is a failed refresh. */
    interface Lifetime {
        @WithDefault("PT60S")
        Duration min();

        @WithDefault("P30D")
        Duration max();
    }

    interface Retry {
        @WithDefault("PT1S")
        Duration initial();

        @WithDefault("PT5M")
        Duration max();
    }

    default TokenPolicy policy() {
        return new TokenPolicy(refresh().marginMin(), refresh().marginRatio(), refresh().jitter(), minRemaining(),
                waitTimeout(), leaseDuration(), retry().initial(), retry().max(), cacheTtl(), pollInterval(),
                lifetime().min(), lifetime().max());
    }
}
