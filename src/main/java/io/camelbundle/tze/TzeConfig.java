package io.camelbundle.tze;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The {@code tze.*} configuration; every key is documented in config/application.properties. */
@ConfigMapping(prefix = "tze")
public interface TzeConfig {

    /** Base URL of the TZE open platform; the oauthCode exchange goes to {@code <api-url>/oauth/getOauthToken}. */
    @WithDefault("https://api.tze.cn")
    String apiUrl();

    /**
     * Full URL messages are POSTed to. TZE does not publish it; the default is the sandbox's path under
     * {@code tze.api-url} and must be replaced by the real one.
     */
    @WithDefault("${tze.api-url}/message/send")
    String messageUrl();

    /**
     * How the target user's personId and oauthToken travel with a message; TZE does not publish it either.
     * The sandbox accepts both.
     */
    @WithDefault("query")
    TzeMessageEnvelope.Mode messageAuth();

    /**
     * The platform accessToken (secret). Static for now: how TZE issues it is not published. Optional so a
     * deployment without TZE starts; the OAuth exchange then fails with "not configured".
     */
    Optional<String> accessToken();

    /** How far each successful use extends a binding (TZE: 15 days, extended on use). */
    @WithDefault("P15D")
    Duration bindingLifetime();

    /** Connect timeout of every TZE request. */
    @WithDefault("PT3S")
    Duration connectTimeout();

    /** Total time for one TZE request. */
    @WithDefault("PT10S")
    Duration timeout();
}
