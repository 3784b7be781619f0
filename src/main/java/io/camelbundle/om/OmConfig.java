package io.camelbundle.om;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.camelbundle.filedrop.DropTiming;
import io.camelbundle.support.Trimmed;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
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

    /** The 企鹅号 application's client_id. Required when om is in bundle.vendors (checked at start-up). */
    Optional<String> clientId();

    /** The 企鹅号 application's client_secret. Secret, required when om is in bundle.vendors. */
    Optional<String> clientSecret();

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
    @WithConverter(Trimmed.class)
    List<String> tokenInvalidCodes();

    /** How events are sent: {@code form} (body, default) or {@code query} (POST with query parameters). */
    @WithDefault("form")
    String sendMode();

    /** Total time allowed for one data return request. */
    @WithDefault("PT10S")
    Duration sendTimeout();

    /** Connections kept to OM's data API (the Camel HTTP pool of kamelet:om-report-event-action). */
    @WithDefault("64")
    int maxConnections();

    /** Largest answer read, in bytes (the Camel HTTP endpoints' #omHttp limits). */
    @WithDefault("1048576")
    long maxAnswerBytes();

    /** {@code data_source} for events that carry none: the value agreed with OM for this partner. */
    Optional<String> dataSource();

    Events events();

    interface Events {
        /** Longest accepted string value, in characters (code points). */
        @WithDefault("1024")
        int maxStringLength();

        /** How far in the future a {@code ts} may lie (clock skew) before the event is rejected. */
        @WithDefault("P1D")
        Duration maxFutureSkew();

        /**
         * Longest record of a dropped file, in bytes (a JSON line; a CSV record with the lines its quoted
         * values span): a longer one is rejected without being held in memory.
         */
        @WithDefault("1048576")
        int maxRecordBytes();
    }

    /** Folder watched for event files (CSV, JSON Lines, optionally gzip). */
    @WithDefault("${bundle.data-dir}/inbox/om-events")
    String inbox();

    /** Where fully processed files are moved. */
    @WithDefault("${bundle.data-dir}/done/om-events")
    String done();

    /** Where files that cannot be read at all are moved. */
    @WithDefault("${bundle.data-dir}/failed/om-events")
    String failed();

    /** Where per-file reports, rejected and failed records are written (this vendor's own folder). */
    @WithDefault("${bundle.data-dir}/reports/om-events")
    String reports();

    /** When a dropped file is taken and how much one file may write: {@code om.file-drop.*}. */
    FileDrop fileDrop();

    interface FileDrop extends DropTiming {
        /** Bytes one file may yield after decompression (.gz); reading stops beyond, the report says so. */
        @WithDefault("4294967296")
        long maxDecompressedBytes();

        /** Bytes of {@code <file>.rejected.jsonl}; rejected records beyond are counted, not kept. */
        @WithDefault("16777216")
        long maxRejectedBytes();

        /** Distinct names listed in a report's {@code unknown_fields}; further names are only counted. */
        @WithDefault("100")
        int maxUnknownFields();

        /** Characters of an unknown field name in the report; a longer name is cut. */
        @WithDefault("200")
        int maxUnknownFieldLength();
    }

    /** Events of one file sent at the same time. */
    @WithDefault("16")
    int concurrency();

    /** Events per second over all files; 0 = no limit. */
    @WithDefault("0")
    int rateLimit();

    /** How often a progress line is logged while a file runs. */
    @WithDefault("PT5S")
    Duration progressInterval();

    /** Whether routes/om-redrive.camel.yaml runs. */
    @WithDefault("false")
    boolean redriveEnabled();

    /** Quartz cron of the re-drive of parked records. */
    @WithDefault("0 0 3 * * ?")
    String redriveCron();

    /** The AMQP 1.0 queue trigger; read by routes/om-queue.camel.yaml. */
    Queue queue();

    interface Queue {
        /** Off by default: a run without a broker needs none. */
        @WithDefault("false")
        boolean enabled();

        @WithDefault("om.events")
        String name();

        @WithDefault("om.events.dlq")
        String deadLetter();

        /** Concurrent consumers per replica; each reports one event at a time. */
        @WithDefault("4")
        int consumers();
    }

    /** Redelivery of transient failures; read by routes/om-delivery.camel.yaml. */
    Retry retry();

    interface Retry {
        /** Redeliveries after the first attempt (4 = 5 attempts). */
        @WithDefault("4")
        int maxRedeliveries();

        /** First redelivery delay in milliseconds; doubles per attempt, with jitter. */
        @WithDefault("500")
        long initialDelay();

        /** Redelivery delay ceiling in milliseconds. */
        @WithDefault("30000")
        long maxDelay();
    }
}
