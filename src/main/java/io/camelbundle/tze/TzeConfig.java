package io.camelbundle.tze;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.camelbundle.filedrop.DropTiming;
import io.camelbundle.support.Trimmed;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

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

    /** Largest answer read, in bytes (the Camel HTTP endpoints' #tzeHttp limits). */
    @WithDefault("1048576")
    long maxAnswerBytes();

    /** Where the platform accessToken comes from: credential {@code tze} of the token central control. */
    Token token();

    /**
     * retCodes of the message send that mean "this person's oauthToken is expired or invalid": the binding
     * is marked invalid and the message not retried. TZE publishes none; the defaults are the sandbox's.
     */
    @WithDefault("100004,100006")
    @WithConverter(Trimmed.class)
    List<String> bindingInvalidCodes();

    /**
     * retCodes of any TZE call (message send, oauthCode exchange) that mean "the platform accessToken is invalid
     * or expired": the stored token is compared-and-expired, refreshed and the call made once more. TZE
     * publishes none; the default is the sandbox's.
     */
    @WithDefault("100001")
    @WithConverter(Trimmed.class)
    List<String> tokenInvalidCodes();

    /** Folder of the message templates ({@code <name>.json}, FreeMarker in the string values). */
    @WithDefault("routes/templates/tze")
    String templatesDir();

    /** File drop of message requests (JSON Lines) and its report folders. */
    @WithDefault("${bundle.data-dir}/inbox/tze-messages")
    String inbox();

    @WithDefault("${bundle.data-dir}/done/tze-messages")
    String done();

    @WithDefault("${bundle.data-dir}/failed/tze-messages")
    String failed();

    @WithDefault("${bundle.data-dir}/reports/tze-messages")
    String reports();

    /** When a dropped file is taken and how long a line may be: {@code tze.file-drop.*}. */
    FileDrop fileDrop();

    interface FileDrop extends DropTiming {
        /** Longest line, in bytes: a longer one is rejected without being held in memory. */
        @WithDefault("1048576")
        int maxRecordBytes();
    }

    /** Redelivery of transient send failures, read by routes/tze-delivery.camel.yaml. */
    Retry retry();

    /** The AMQP 1.0 queue trigger, read by routes/tze-queue.camel.yaml. */
    Queue queue();

    /** The OAuth login links (POST /tze/oauth/links) and the states the callback checks. */
    Oauth oauth();

    interface Oauth {
        /** TZE's OAuth login page. Not published by TZE; without it POST /tze/oauth/links answers 503. */
        Optional<String> loginUrl();

        /** The callback's URL as browsers reach it; the state is added to it. Without it, links answer 503. */
        Optional<String> redirectUrl();

        /** How long a login link (its state) is accepted. */
        @WithDefault("PT10M")
        Duration stateLifetime();
    }

    interface Retry {
        @WithDefault("4")
        int maxRedeliveries();

        /** Milliseconds before the first redelivery; doubles each time. */
        @WithDefault("1000")
        long initialDelay();

        @WithDefault("30000")
        long maxDelay();
    }

    interface Queue {
        /** Off by default: a run without a broker needs none. */
        @WithDefault("false")
        boolean enabled();

        @WithDefault("tze.messages")
        String name();

        @WithDefault("tze.messages.dlq")
        String deadLetter();

        @WithDefault("1")
        int consumers();
    }

    /** The platform accessToken's source. */
    interface Token {

        /** Where the platform accessToken comes from. */
        enum Mode {
            /** {@code tze.access-token}. */
            STATIC,
            /** Fetched by a route, {@code tze.token.fetch-uri} (docs/routes.md recipe 6). */
            ROUTE,
            /** Replaced by ROUTE: the bundle refuses to start and says how to move (docs/routes.md recipe 6). */
            ENDPOINT
        }

        @WithDefault("static")
        Mode mode();

        /** How long a static token is reported valid before it is re-read from the configuration. */
        @WithDefault("P1D")
        Duration staticLifetime();

        /** The route that fetches the token in route mode. */
        @WithDefault("direct:token-fetch-tze")
        String fetchUri();

        /** The token endpoint the route calls (route mode; part of the credential's fingerprint). */
        Optional<String> url();

        /**
         * Parameters of the token request, for the route ({@code tze.token.params.<name>=<value>}); values whose
         * name says secret, key, token or password are masked wherever the bundle writes text.
         */
        @WithName("params")
        Map<String, String> params();
    }
}
