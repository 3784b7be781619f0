package io.camelbundle.om;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The {@code om.*} configuration; every key is documented in config/application.properties. */
@ConfigMapping(prefix = "om")
public interface OmConfig {

    /** Base URL of the OM authorisation server (seed 000). */
    @WithDefault("https://auth.om.qq.com")
    String authUrl();

    /** Base URL of the OM data API (seed 000). */
    @WithDefault("https://api.om.qq.com")
    String apiUrl();

    /** The 企鹅号 application's client_id. Required. */
    String clientId();

    /** The 企鹅号 application's client_secret. Secret, required. */
    String clientSecret();

    /** Total time allowed for one token request. */
    @WithDefault("PT10S")
    Duration tokenTimeout();

    /** Connect timeout of every OM request. */
    @WithDefault("PT3S")
    Duration connectTimeout();

    /**
     * OM answer codes meaning "access token invalid or expired". OM publishes none; these defaults are
     * what the sandbox uses and must be adjusted to what production answers.
     */
    @WithDefault("40001,40014,42001")
    List<String> tokenInvalidCodes();

    /**
     * The {@code data_source} value agreed with OM for this partner (e.g. {@code sogou}), sent for events
     * that carry none. Without it such events are sent with {@code data_source: null}.
     */
    Optional<String> dataSource();

    /** Checks applied to OM events before they are sent ({@code om.events.*}). */
    Events events();

    interface Events {

        /** Longest accepted string field value, in Unicode code points. */
        @WithDefault("1024")
        int maxStringLength();

        /** How far an event's {@code ts} may lie ahead of this machine's clock. */
        @WithDefault("P1D")
        Duration maxFutureSkew();
    }
}
