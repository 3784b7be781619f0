package io.camelbundle.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.timer.TimerEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.camelbundle.vendors.VendorList;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/** Values a production start must refuse, each named with its key and value. */
class ConfigChecksTest {

    /** config/application.properties (its values without a profile) with these values over it. */
    private static Config reference(Map<String, String> over) throws Exception {
        Properties reference = load("config/application.properties");
        Map<String, String> values = new HashMap<>();
        reference.stringPropertyNames().stream().filter(k -> !k.startsWith("%"))
                .forEach(k -> values.put(k, reference.getProperty(k)));
        values.putAll(over);
        return new SmallRyeConfigBuilder().addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(values, "test", 100)).build();
    }

    private static Properties load(String file) throws Exception {
        Properties properties = new Properties();
        try (var in = Files.newInputStream(Path.of(file))) {
            properties.load(in);
        }
        return properties;
    }

    @Test
    void theShippedReferenceHasNoProblem() throws Exception {
        assertThat(ConfigChecks.problems(reference(Map.of()))).isEmpty();
    }

    /** The dev and test profiles, as config/application.properties and the tests' own file set them. */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "test"})
    void theShippedProfilesHaveNoProblem(String profile) throws Exception {
        Config config = new SmallRyeConfigBuilder().addDefaultInterceptors().withProfile(profile)
                .withSources(new PropertiesConfigSource(load("config/application.properties"), "reference", 260),
                        new PropertiesConfigSource(load("src/test/resources/application.properties"), "tests", 270))
                .build();
        assertThat(config.getOptionalValue("om.client-id", String.class)).as("the profile's values").isPresent();
        VendorList all = VendorList.parse(config.getValue("bundle.vendors", String.class));
        assertThat(ConfigChecks.problems(config)).isEmpty();
        assertThat(ConfigChecks.missingFolders(config, all)).isEmpty();
        assertThat(ConfigChecks.missingTokenRoute(config, all, List.of())).isEmpty();
        assertThat(ConfigChecks.missingCredentialRoutes(config, all, List.of())).isEmpty();
    }

    @Test
    void aZeroOrNegativeTimeoutAndABrokenDurationAreNamed() throws Exception {
        assertThat(ConfigChecks.problems(reference(Map.of("om.send-timeout", "PT0S", "tze.connect-timeout", "-1s",
                "tokens.poll-interval", "10x")))).containsExactlyInAnyOrder(
                        "om.send-timeout must be above zero, was PT0S",
                        "tze.connect-timeout must be above zero, was -1s",
                        "tokens.poll-interval is not a duration (e.g. PT3S, 3s, 500ms): 10x");
    }

    @Test
    void lifetimesAndIntervalsThatCannotWorkAreRefused() throws Exception {
        assertThat(ConfigChecks.problems(reference(Map.of("tze.binding-lifetime", "P0D", "tze.oauth.state-lifetime",
                "-PT10M", "bundle.cluster.file.acquire-lock-interval", "0s", "tokens.poll-interval", "PT0S"))))
                .containsExactlyInAnyOrder("tze.binding-lifetime must be above zero, was P0D",
                        "tze.oauth.state-lifetime must be above zero, was -PT10M",
                        "bundle.cluster.file.acquire-lock-interval must be above zero, was 0s",
                        "tokens.poll-interval must be above zero, was PT0S");
        assertThat(ConfigChecks.problems(reference(Map.of("om.events.max-future-skew", "-PT1H",
                "tokens.min-remaining", "-1s")))).containsExactlyInAnyOrder(
                        "om.events.max-future-skew must be 0 or more, was -PT1H",
                        "tokens.min-remaining must be 0 or more, was -1s");
        assertThat(ConfigChecks.problems(reference(Map.of("om.events.max-future-skew", "PT0S",
                "tokens.min-remaining", "0s")))).as("0 works for these").isEmpty();
        assertThat(ConfigChecks.problems(reference(Map.of("bundle.sent-records.retention", "P0D"))))
                .containsExactly("bundle.sent-records.retention must be above zero, was P0D");
    }

    /** Every duration used as milliseconds set to this value (PT0.0005S is 0 ms to Duration.toMillis()). */
    private static Config millisDurations(String value) throws Exception {
        Map<String, String> values = new HashMap<>();
        ConfigChecks.MILLIS_DURATIONS.forEach(key -> values.put(key, value));
        return reference(values);
    }

    @Test
    void aDurationUsedAsMillisecondsIsRefusedUnder1Ms() throws Exception {
        assertThat(ConfigChecks.problems(millisDurations("PT0.0005S"))).containsExactlyInAnyOrderElementsOf(
                ConfigChecks.MILLIS_DURATIONS.stream()
                        .map(key -> key + " is under 1 ms, which is used as 0 ms, was PT0.0005S").toList());
        assertThat(ConfigChecks.problems(reference(Map.of("om.send-timeout", "0.0009s", "tze.binding-lifetime",
                "PT0.000001S")))).containsExactlyInAnyOrder(
                        "om.send-timeout is under 1 ms, which is used as 0 ms, was 0.0009s",
                        "tze.binding-lifetime is under 1 ms, which is used as 0 ms, was PT0.000001S");
        assertThat(ConfigChecks.problems(millisDurations("PT0.001S"))).as("exactly 1 ms").isEmpty();
        assertThat(ConfigChecks.problems(millisDurations("1ms"))).as("exactly 1 ms, the short form").isEmpty();
    }

    /** tokens.check-interval is the period of Camel's timer: Camel reads it, not Quarkus. */
    @Test
    void aRefreshTimerPeriodCamelCannotReadOrReadsUnder1MsIsRefused() throws Exception {
        assertThat(ConfigChecks.problems(reference(Map.of("tokens.check-interval", "0.5s")))).containsExactly(
                "tokens.check-interval is not a duration Camel's timer reads (e.g. 1s, 500ms, 1m30s, PT1M; no"
                        + " fractions): 0.5s");
        assertThat(ConfigChecks.problems(reference(Map.of("tokens.check-interval", "1.5s")))).singleElement()
                .asString().startsWith("tokens.check-interval is not a duration Camel's timer reads");
        assertThat(ConfigChecks.problems(reference(Map.of("tokens.check-interval", "10x")))).as("0 ms to Camel")
                .containsExactly("tokens.check-interval must be above zero, was 10x (Camel's timer reads it as"
                        + " 0 ms)");
        assertThat(ConfigChecks.problems(reference(Map.of("tokens.check-interval", "PT0.0005S")))).containsExactly(
                "tokens.check-interval is under 1 ms, which is used as 0 ms, was PT0.0005S (Camel's timer reads it"
                        + " as 0 ms)");
        for (String period : List.of("1ms", "PT0.001S", "1", "500", "1m30s", "PT1M", "1s")) {
            assertThat(ConfigChecks.problems(reference(Map.of("tokens.check-interval", period)))).as(period)
                    .isEmpty();
        }
    }

    @Test
    void theRefreshTimerPeriodIsReadAsCamelsTimerReadsIt() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.start();
            for (String period : List.of("1s", "500", "1m30s", "PT1M", "10x", "2S", "PT0.0005S", "-PT1S")) {
                assertThat(ConfigChecks.camelDuration(period).toMillis()).as(period)
                        .isEqualTo(camel.getEndpoint("timer:t?period=" + period, TimerEndpoint.class).getPeriod());
            }
            for (String period : List.of("0.5s", "1.5s")) {
                assertThatThrownBy(() -> camel.getEndpoint("timer:t?period=" + period)).as(period)
                        .hasRootCauseInstanceOf(NumberFormatException.class);
                assertThatThrownBy(() -> ConfigChecks.camelDuration(period)).as(period)
                        .isInstanceOf(IllegalArgumentException.class);
            }
        }
    }

    @Test
    void inProdTheSecretBearingUrlsOfTheVendorsOnAreHttpsButForLoopback() throws Exception {
        Config config = reference(Map.of("om.auth-url", "http://auth.om.example", "om.api-url",
                "http://127.0.0.1:8089", "tze.api-url", "http://localhost:9/tze", "tze.message-url",
                "http://tze.example/message/send", "tze.oauth.login-url", "http://login.tze.example/authorize",
                "tze.oauth.redirect-url", "http://bundle.example/tze/oauth/callback"));
        assertThat(ConfigChecks.plainHttp(config, List.of("prod"), VendorList.parse("om,tze"))).containsExactly(
                "om.auth-url must be an https:// URL in the prod profile (its requests carry secrets), was"
                        + " http://auth.om.example",
                "tze.message-url must be an https:// URL in the prod profile (its requests carry secrets), was"
                        + " http://tze.example/message/send",
                "tze.oauth.login-url must be an https:// URL in the prod profile (its requests carry secrets), was"
                        + " http://login.tze.example/authorize",
                "tze.oauth.redirect-url must be an https:// URL in the prod profile (its requests carry secrets),"
                        + " was http://bundle.example/tze/oauth/callback");
        assertThat(ConfigChecks.plainHttp(config, List.of("prod"), VendorList.parse("openapi"))).as("vendors off")
                .isEmpty();
        assertThat(ConfigChecks.plainHttp(config, List.of("dev"), VendorList.parse("om,tze"))).isEmpty();
        assertThat(ConfigChecks.plainHttp(reference(Map.of()), List.of("prod"), VendorList.parse("om,openapi,tze")))
                .as("the shipped URLs").isEmpty();
    }

    @Test
    void negativeRetriesAreRefused() throws Exception {
        assertThat(ConfigChecks.problems(reference(Map.of("om.retry.max-redeliveries", "-1",
                "tze.retry.max-redeliveries", "many")))).containsExactly("om.retry.max-redeliveries must be 0 or"
                        + " more, was -1", "tze.retry.max-redeliveries must be a whole number, was many");
    }

    @Test
    void sizesOfZeroOrLessAreRefused() throws Exception {
        assertThat(ConfigChecks.problems(reference(Map.of("om.events.max-record-bytes", "0",
                "om.events.max-string-length", "-1", "om.file-drop.max-decompressed-bytes", "0",
                "tze.file-drop.max-record-bytes", "1M")))).containsExactlyInAnyOrder(
                        "om.events.max-record-bytes must be above zero, was 0",
                        "om.events.max-string-length must be above zero, was -1",
                        "om.file-drop.max-decompressed-bytes must be above zero, was 0",
                        "tze.file-drop.max-record-bytes must be a whole number, was 1M");
        assertThat(ConfigChecks.problems(reference(Map.of("om.events.max-record-bytes", "1",
                "om.events.max-string-length", "1")))).as("the smallest that works").isEmpty();
    }

    @Test
    void sendingAndConsumingCountsThatCannotWorkAreRefused() throws Exception {
        assertThat(ConfigChecks.problems(reference(Map.of("om.rate-limit", "-1", "om.concurrency", "0",
                "om.queue.consumers", "-2", "tze.queue.consumers", "0")))).containsExactlyInAnyOrder(
                        "om.rate-limit must be 0 or more, was -1", "om.concurrency must be above zero, was 0",
                        "om.queue.consumers must be above zero, was -2",
                        "tze.queue.consumers must be above zero, was 0");
        assertThat(ConfigChecks.problems(reference(Map.of("om.rate-limit", "0", "om.concurrency", "1",
                "om.queue.consumers", "1", "tze.queue.consumers", "1")))).as("0 is no rate limit").isEmpty();
    }

    @Test
    void inboxesListedWithoutAPauseAreRefused() throws Exception {
        assertThat(ConfigChecks.problems(reference(Map.of("om.file-drop.poll-interval-ms", "0",
                "tze.file-drop.poll-interval-ms", "-500")))).containsExactlyInAnyOrder(
                        "om.file-drop.poll-interval-ms must be above zero, was 0",
                        "tze.file-drop.poll-interval-ms must be above zero, was -500");
        assertThat(ConfigChecks.problems(reference(Map.of("om.file-drop.poll-interval-ms", "1",
                "tze.file-drop.poll-interval-ms", "1")))).isEmpty();
    }

    @Test
    void connectionPoolsAndAnswerLimitsThatCannotWorkAreRefused() throws Exception {
        assertThat(ConfigChecks.problems(reference(Map.of("openapi.max-connections", "0", "om.max-answer-bytes", "0",
                "tokens.max-answer-bytes", "-1")))).containsExactlyInAnyOrder(
                        "openapi.max-connections must be above zero, was 0",
                        "om.max-answer-bytes must be above zero, was 0",
                        "tokens.max-answer-bytes must be above zero, was -1");
        assertThat(ConfigChecks.problems(reference(Map.of("om.concurrency", "64", "om.max-connections", "63"))))
                .containsExactly("om.max-connections must be at least om.concurrency plus, with om.queue.enabled,"
                        + " om.queue.consumers (64), was 63");
        assertThat(ConfigChecks.problems(reference(Map.of("om.concurrency", "60", "om.max-connections", "64",
                "om.queue.enabled", "true", "om.queue.consumers", "5")))).singleElement().asString()
                .endsWith("(65), was 64");
        assertThat(ConfigChecks.problems(reference(Map.of("om.concurrency", "60", "om.max-connections", "64",
                "om.queue.consumers", "5")))).as("the queue off").isEmpty();
    }

    @Test
    void aDeclaredCredentialWithoutItsRouteIsRefused() throws Exception {
        Config config = reference(Map.of("tokens.credentials.partner.fetch-uri", "direct:token-fetch-partner",
                "tokens.credentials.tzepart.fetch-uri", "direct:token-fetch-tzepart",
                "tokens.credentials.tzepart.vendor", "TZE", "tokens.credentials.other.fetch-uri", "seda:x"));
        assertThat(ConfigChecks.missingCredentialRoutes(config, VendorList.parse("om"), List.of("timer:t")))
                .containsExactly("no route consumes tokens.credentials.partner.fetch-uri (direct:token-fetch-partner):"
                        + " every fetch of the credential's token would fail; add the route (docs/routes.md, recipe 4)");
        assertThat(ConfigChecks.missingCredentialRoutes(config, VendorList.parse("om,tze"), List.of(
                "direct:token-fetch-partner"))).as("its vendor on").singleElement().asString()
                .startsWith("no route consumes tokens.credentials.tzepart.fetch-uri");
        assertThat(ConfigChecks.missingCredentialRoutes(config, VendorList.parse("om,tze"), List.of(
                "direct:token-fetch-partner", "direct://token-fetch-tzepart"))).isEmpty();
    }

    @Test
    void anOpenApiFormatOrCharsetItCannotReadIsRefused() throws Exception {
        assertThat(ConfigChecks.problems(reference(Map.of("openapi.format", "yaml", "openapi.charset", "utf8"))))
                .containsExactlyInAnyOrder("openapi.format must be json or xml, was yaml",
                        "openapi.charset must be utf-8 or gbk, was utf8");
        assertThat(ConfigChecks.problems(reference(Map.of("openapi.format", "xml", "openapi.charset", "GBK"))))
                .isEmpty();
    }

    @Test
    void aCronQuartzCannotReadIsRefusedWhenItsRouteIsOn() throws Exception {
        assertThat(ConfigChecks.problems(reference(Map.of("om.redrive-enabled", "true", "om.redrive-cron",
                "0 3 * * *")))).containsExactly("om.redrive-cron is not a Quartz cron expression (Unexpected end"
                        + " of expression), was 0 3 * * *: Quartz crons have 6 or 7 fields, seconds first (0 0 3 * * ?"
                        + " is 03:00 daily)");
        assertThat(ConfigChecks.problems(reference(Map.of("om.redrive-enabled", "true", "om.redrive-cron",
                "0 0 3 * * *")))).singleElement().asString().startsWith("om.redrive-cron is not a Quartz cron"
                        + " expression (Support for specifying both a day-of-week AND a day-of-month parameter is not"
                        + " implemented), was 0 0 3 * * *");
        assertThat(ConfigChecks.problems(reference(Map.of("om.redrive-cron", "0 3 * * *")))).as("route off")
                .isEmpty();
        assertThat(ConfigChecks.problems(reference(Map.of("om.redrive-enabled", "true")))).as("the shipped cron")
                .isEmpty();
        assertThat(ConfigChecks.problems(reference(Map.of("om.redrive-enabled", "true", "om.redrive-cron",
                "0+30+2+?+*+MON-FRI+2030")))).as("7 fields, + for spaces as in Camel's quartz URIs").isEmpty();
        assertThat(ConfigChecks.problems(reference(Map.of("bundle.sent-records.purge-cron", "30 3 * * *"))))
                .as("a route without a switch").singleElement().asString()
                .startsWith("bundle.sent-records.purge-cron is not a Quartz cron expression");
    }

    @Test
    void withTzeOnAMissingTemplatesFolderIsRefused(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("templates");
        Path file = Files.writeString(dir.resolve("a-file"), "");
        assertThat(ConfigChecks.missingFolders(reference(Map.of("tze.templates-dir", missing.toString())),
                VendorList.parse("om,tze"))).containsExactly("tze.templates-dir must be a folder of TZE message"
                        + " templates, was " + missing + " (" + missing + " does not exist)");
        assertThat(ConfigChecks.missingFolders(reference(Map.of("tze.templates-dir", file.toString())),
                VendorList.parse("tze"))).containsExactly("tze.templates-dir must be a folder of TZE message"
                        + " templates, was " + file + " (" + file + " is not a folder)");
        assertThat(ConfigChecks.missingFolders(reference(Map.of("tze.templates-dir", missing.toString())),
                VendorList.parse("om,openapi"))).as("TZE off").isEmpty();
        assertThat(ConfigChecks.missingFolders(reference(Map.of()), VendorList.parse("om,openapi,tze")))
                .as("the shipped folder").isEmpty();
        assertThat(ConfigChecks.missingFolders(reference(Map.of("tze.templates-dir", dir.toString())),
                VendorList.parse("tze"))).as("a folder without templates").isEmpty();
    }

    @Test
    void inRouteModeTzeTokensNeedARouteConsumingTheFetchUri() throws Exception {
        Config route = reference(Map.of("tze.token.mode", "route"));
        VendorList tze = VendorList.parse("om,tze");
        assertThat(ConfigChecks.missingTokenRoute(route, tze, List.of("direct:token-fetch-om", "timer:x")))
                .containsExactly("tze.token.mode is route, but no route consumes tze.token.fetch-uri"
                        + " (direct:token-fetch-tze): every fetch of TZE's platform accessToken would fail; add the"
                        + " route (docs/routes.md, recipe 6) or set tze.token.mode=static");
        assertThat(ConfigChecks.missingTokenRoute(route, tze, List.of("direct://token-fetch-tze?timeout=5000")))
                .isEmpty();
        assertThat(ConfigChecks.missingTokenRoute(route, VendorList.parse("om"), List.of())).as("TZE off").isEmpty();
        assertThat(ConfigChecks.missingTokenRoute(reference(Map.of()), tze, List.of())).as("static mode").isEmpty();
        assertThat(ConfigChecks.missingTokenRoute(reference(Map.of("tze.token.mode", "route", "tze.token.fetch-uri",
                "seda:tze-token")), tze, List.of())).as("only a direct: URI is checked").isEmpty();
    }

    @Test
    void theRouteInputsAreReadBeforeCamelStartsAndTheirPlaceholdersResolved() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.getPropertiesComponent().setInitialProperties(props("fetch", "token-fetch-tze"));
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:{{fetch}}").log("fetch");
                    from("timer:tick?period=1000").log("tick");
                }
            });
            assertThat(ConfigChecks.routeInputs(camel)).contains("direct:token-fetch-tze", "timer:tick?period=1000");
        }
    }

    private static Properties props(String key, String value) {
        Properties properties = new Properties();
        properties.setProperty(key, value);
        return properties;
    }

    @Test
    void tokenSettingsThatCannotWorkTogetherAreRefused() throws Exception {
        assertThat(ConfigChecks.problems(reference(Map.of("tokens.lifetime.min", "P2D", "tokens.lifetime.max",
                "P1D")))).contains("tokens.lifetime.min (P2D) exceeds tokens.lifetime.max (P1D): every token would"
                        + " be refused");
        assertThat(ConfigChecks.problems(reference(Map.of("tze.token.static-lifetime", "P60D"))))
                .containsExactly("tze.token.static-lifetime (P60D) is outside tokens.lifetime.min .."
                        + " tokens.lifetime.max");
        assertThat(ConfigChecks.problems(reference(Map.of("tze.token.mode", "route", "tze.token.static-lifetime",
                "P60D")))).as("the static lifetime is not used in route mode").isEmpty();
        assertThat(ConfigChecks.problems(reference(Map.of("tokens.lease-duration", "PT10S"))))
                .containsExactly("tokens.lease-duration (PT10S) must exceed om.token-timeout (PT10S): the"
                        + " refresher's lease would end while it still waits for OM");
    }

    @Test
    void aNegativeRefreshMarginOrJitterAndAMarginRatioOutside0To05AreRefused() throws Exception {
        assertThat(ConfigChecks.problems(reference(Map.of("tokens.refresh.margin-min", "-PT1M",
                "tokens.refresh.margin-ratio", "0.6", "tokens.refresh.jitter", "-1s")))).containsExactlyInAnyOrder(
                        "tokens.refresh.margin-min must be 0 or more, was -PT1M",
                        "tokens.refresh.margin-ratio must be from 0 to 0.5 (a token is refreshed at most half its"
                                + " lifetime early), was 0.6",
                        "tokens.refresh.jitter must be 0 or more, was -1s");
        for (String ratio : List.of("-0.1", "NaN", "Infinity")) {
            assertThat(ConfigChecks.problems(reference(Map.of("tokens.refresh.margin-ratio", ratio)))).as(ratio)
                    .containsExactly("tokens.refresh.margin-ratio must be from 0 to 0.5 (a token is refreshed at"
                            + " most half its lifetime early), was " + ratio);
        }
        assertThat(ConfigChecks.problems(reference(Map.of("tokens.refresh.margin-ratio", "10%"))))
                .containsExactly("tokens.refresh.margin-ratio must be a number, was 10%");
        assertThat(ConfigChecks.problems(reference(Map.of("tokens.refresh.margin-min", "PT0S",
                "tokens.refresh.margin-ratio", "0.1", "tokens.refresh.jitter", "0s")))).as("0 is allowed for these")
                .isEmpty();
        assertThat(ConfigChecks.problems(reference(Map.of("tokens.refresh.margin-ratio", "0.5")))).isEmpty();
    }

    @Test
    void aRefreshMarginThatEndsAfterTokensAreNoLongerHandedOutIsRefused() throws Exception {
        for (String margin : List.of("PT0S", "PT1S")) {
            assertThat(ConfigChecks.problems(reference(Map.of("tokens.refresh.margin-min", margin,
                    "tokens.refresh.margin-ratio", "0")))).as(margin)
                    .containsExactly("tokens.refresh.margin-min (" + margin + ") must exceed tokens.min-remaining"
                            + " (PT1S) while tokens.refresh.margin-ratio is 0: tokens would be refreshed only after"
                            + " they are no longer handed out, and callers would wait for a refresh at every expiry");
        }
        assertThat(ConfigChecks.problems(reference(Map.of("tokens.refresh.margin-min", "PT2S",
                "tokens.refresh.margin-ratio", "0")))).isEmpty();
        assertThat(ConfigChecks.problems(reference(Map.of("tokens.refresh.margin-min", "PT0S",
                "tokens.refresh.margin-ratio", "0.01")))).as("the ratio gives the margin").isEmpty();
        assertThat(ConfigChecks.problems(reference(Map.of("tokens.refresh.margin-min", "PT0S",
                "tokens.refresh.margin-ratio", "0", "tokens.min-remaining", "PT0S")))).hasSize(1);
    }
}
