package io.camelbundle.support;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.quarkus.main.events.BeforeStart;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;
import org.quartz.CronExpression;

import io.camelbundle.token.RouteTokenSource;
import io.camelbundle.tze.TzeTokenSource;
import io.camelbundle.vendors.Vendor;
import io.camelbundle.vendors.VendorList;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;

/**
 * Refuses to start on values that are accepted as values but cannot work, naming the key and the value: a
 * timeout of 0, or under 1 ms where it is used as milliseconds (the HTTP client reads 0 as no timeout at all,
 * so a hung vendor holds a thread for ever), a negative retry count (Camel retries for ever), a size limit or a
 * count of senders or consumers of 0, an OpenAPI format or charset its answers cannot be read in, a cron Quartz
 * cannot read, a refresh timer period Camel cannot read, a negative token refresh margin or jitter or a margin
 * ratio outside 0 .. 0.5, token lifetimes whose minimum exceeds their maximum (every refresh would fail), a
 * refresher lease no longer than the token request it must outlast; with TZE on, a missing template folder, and
 * route mode without a route fetching its token; and in the prod profile, plain http for a vendor URL whose
 * requests carry secrets.
 */
@ApplicationScoped
public class ConfigChecks {

    private static final Logger LOG = Logger.getLogger(ConfigChecks.class);

    /** Durations that must be above zero. */
    static final List<String> POSITIVE_DURATIONS = List.of("om.progress-interval", "tokens.lease-duration",
            "tokens.lifetime.min", "tze.token.static-lifetime", "bundle.sent-records.retention");

    /**
     * Durations used as milliseconds ({{millis:...}} in the routes, Duration.toMillis() in code): above zero and
     * at least 1 ms, as a shorter one is used as 0 ms. An HTTP timeout of 0 is no timeout at all; a TZE binding or
     * OAuth state of no lifetime is expired when made (their stores refuse 0 when built, naming no key); the
     * file-lock election schedules its attempts at this interval, which the scheduler refuses at 0; a caller
     * waiting for another instance's refresh re-reads the database every tokens.poll-interval (negative: every
     * wait failed; 0: it re-read without a pause), and one waiting for a refresh in this instance gives up at once
     * at a tokens.wait-timeout of 0.
     */
    static final List<String> MILLIS_DURATIONS = List.of("om.token-timeout", "om.connect-timeout",
            "om.send-timeout", "openapi.timeout", "openapi.connect-timeout", "tze.timeout", "tze.connect-timeout",
            "tokens.wait-timeout", "tze.binding-lifetime", "tze.oauth.state-lifetime",
            "bundle.cluster.file.acquire-lock-interval", "tokens.poll-interval");

    /**
     * The period of the proactive refresh timer: routes/token-refresh.camel.yaml passes it to Camel's timer as it
     * is, so Camel reads it, not Quarkus. Camel's duration syntax has no fractions (0.5s or 1.5s fail the route's
     * start with a NumberFormatException, naming no key), reads a bare number as milliseconds and text it does not
     * know (10x, 2S) as 0 ms; a timer under 1 ms fires once only, and tokens are then refreshed on demand only.
     */
    static final String CAMEL_TIMER_PERIOD = "tokens.check-interval";

    /**
     * Durations that may be 0 but not negative: OM's event normaliser refuses a negative skew when built, naming
     * no key (no OM event could be read); a negative tokens.min-remaining would hand out expired tokens; a negative
     * tokens.refresh.margin-min was taken as 0 (with a margin-ratio of 0, tokens were refreshed only after they
     * expired), and a negative tokens.refresh.jitter as none.
     */
    static final List<String> NOT_NEGATIVE_DURATIONS = List.of("om.events.max-future-skew", "tokens.min-remaining",
            "tokens.refresh.margin-min", "tokens.refresh.jitter");

    /**
     * The share of a token's lifetime before its expiry at which it is refreshed: from 0 to 0.5, as
     * TokenPolicy.refreshLeadMillis never refreshes more than half the lifetime early (a larger ratio was taken as
     * 0.5, a negative one as 0).
     */
    static final String MARGIN_RATIO = "tokens.refresh.margin-ratio";

    private static final String MARGIN_MIN = "tokens.refresh.margin-min";
    private static final String MIN_REMAINING = "tokens.min-remaining";

    /** Every duration read here: those above, and tokens.lifetime.max (compared with .min). */
    private static final List<String> DURATIONS = Stream.of(POSITIVE_DURATIONS, MILLIS_DURATIONS,
            NOT_NEGATIVE_DURATIONS, List.of("tokens.lifetime.max")).flatMap(List::stream).toList();

    /** Counts that must not be negative (om.rate-limit: 0 is no limit, a negative one was taken as none too). */
    static final List<String> NOT_NEGATIVE = List.of("om.retry.max-redeliveries", "tze.retry.max-redeliveries",
            "om.rate-limit");

    /**
     * Sizes and counts that must be above zero. With a size of 0 every record, string or line is too long (OM's
     * normaliser and file reader refuse a limit below 1, so every dropped file failed without a report), and
     * every .gz file stops at its first byte. A queue route of 0 consumers does not start (Spring JMS refuses
     * it, naming no key; a negative count was taken as 1); an om.concurrency of 0 or less was taken as 1. A file
     * drop's poll-interval-ms of 0 or less was ignored: Camel listed the inbox every 500 ms, its default.
     */
    static final List<String> POSITIVE_COUNTS = List.of("om.events.max-record-bytes", "om.events.max-string-length",
            "om.file-drop.max-decompressed-bytes", "tze.file-drop.max-record-bytes", "om.file-drop.poll-interval-ms",
            "tze.file-drop.poll-interval-ms", "om.concurrency",
            "om.queue.consumers", "tze.queue.consumers", "om.max-connections", "openapi.max-connections",
            "om.max-answer-bytes", "openapi.max-answer-bytes", "tze.max-answer-bytes", "tokens.max-answer-bytes");

    /**
     * Keys whose value is one of a few words, with those words (any case): OpenAPI's format and charset are sent
     * with every call as given, and its answers are parsed as JSON or XML and decoded as UTF-8 or GBK only.
     */
    static final Map<String, List<String>> ONE_OF = Map.of("openapi.format", List.of("json", "xml"),
            "openapi.charset", List.of("utf-8", "gbk"));

    /**
     * Quartz crons, each with the key that switches its route on ({@link #ALWAYS_ON} for a route that always runs):
     * Quartz refuses a bad one only when the route starts, naming no key. A Unix cron (5 fields, minutes first) is
     * the usual mistake.
     */
    static final Map<String, String> CRONS = Map.of("om.redrive-cron", "om.redrive-enabled",
            "bundle.sent-records.purge-cron", ConfigChecks.ALWAYS_ON);

    /** In {@link #CRONS}: the cron's route has no switch. */
    static final String ALWAYS_ON = "";

    /**
     * URLs whose requests carry a secret (OM's client_secret and access_token, TZE's accessToken and oauthCode, a
     * token endpoint's app secret; TZE's login link carries the single-use state in its redirect_uri and the
     * browser brings state and oauthCode to the callback: whoever reads a state can bind their own TZE account to
     * that person): https in the prod profile, but for a loopback host (a local proxy, or the tests' stand-ins).
     * openapi.base-url has its own guard (OpenApiEnvironmentGuard).
     */
    static final Map<Vendor, List<String>> SECRET_BEARING_URLS = Map.of(Vendor.OM,
            List.of("om.auth-url", "om.api-url"), Vendor.TZE,
            List.of("tze.api-url", "tze.message-url", "tze.token.url", "tze.oauth.login-url",
                    "tze.oauth.redirect-url"));

    /** Runs before Camel starts its routes, so a refused configuration sends nothing anywhere. */
    void beforeCamelStarts(@Observes BeforeStart event, VendorList vendors) {
        refuseOnProblems(ConfigProvider.getConfig(), vendors, event.getCamelContext());
    }

    /** Fallback should the Camel main events ever not be fired: start-up still fails. */
    void onStart(@Observes StartupEvent event, VendorList vendors, CamelContext camel) {
        refuseOnProblems(ConfigProvider.getConfig(), vendors, camel);
    }

    private static void refuseOnProblems(Config config, VendorList vendors, CamelContext camel) {
        List<String> problems = new ArrayList<>(problems(config));
        problems.addAll(plainHttp(config, config.unwrap(SmallRyeConfig.class).getProfiles(), vendors));
        problems.addAll(missingFolders(config, vendors));
        List<String> routeInputs = routeInputs(camel);
        problems.addAll(missingTokenRoute(config, vendors, routeInputs));
        problems.addAll(missingCredentialRoutes(config, vendors, routeInputs));
        if (!problems.isEmpty()) {
            String message = "Refusing to start: " + String.join("; ", problems);
            LOG.error(message);
            throw new IllegalStateException(message);
        }
    }

    /** Every problem of this configuration, each naming its key and value; empty when there is none. */
    public static List<String> problems(Config config) {
        List<String> problems = new ArrayList<>();
        Map<String, Duration> durations = new HashMap<>();
        for (String key : DURATIONS) {
            duration(config, key, problems).ifPresent(d -> durations.put(key, d));
        }
        for (String key : POSITIVE_DURATIONS) {
            Duration d = durations.get(key);
            if (d != null && (d.isZero() || d.isNegative())) {
                problems.add(key + " must be above zero, was " + raw(config, key));
            }
        }
        for (String key : MILLIS_DURATIONS) {
            Optional.ofNullable(durations.get(key)).flatMap(d -> notAtLeastOneMilli(key, d, raw(config, key)))
                    .ifPresent(problems::add);
        }
        parsed(config, CAMEL_TIMER_PERIOD, problems, ConfigChecks::camelDuration,
                value -> CAMEL_TIMER_PERIOD + " is not a duration Camel's timer reads (e.g. 1s, 500ms, 1m30s, PT1M;"
                        + " no fractions): " + value)
                .flatMap(d -> notAtLeastOneMilli(CAMEL_TIMER_PERIOD, d, raw(config, CAMEL_TIMER_PERIOD))
                        .map(problem -> problem + " (Camel's timer reads it as " + d.toMillis() + " ms)"))
                .ifPresent(problems::add);
        for (String key : NOT_NEGATIVE_DURATIONS) {
            Duration d = durations.get(key);
            if (d != null && d.isNegative()) {
                problems.add(key + " must be 0 or more, was " + raw(config, key));
            }
        }
        Optional<Double> ratio = parsed(config, MARGIN_RATIO, problems, Double::parseDouble,
                value -> MARGIN_RATIO + " must be a number, was " + value);
        ratio.filter(r -> !(r >= 0 && r <= 0.5))
                .ifPresent(r -> problems.add(MARGIN_RATIO + " must be from 0 to 0.5 (a token is refreshed at most half"
                        + " its lifetime early), was " + raw(config, MARGIN_RATIO)));
        refreshAfterHandOutEnds(config, durations, ratio).ifPresent(problems::add);
        for (String key : NOT_NEGATIVE) {
            wholeNumber(config, key, problems).filter(n -> n < 0)
                    .ifPresent(n -> problems.add(key + " must be 0 or more, was " + raw(config, key)));
        }
        for (String key : POSITIVE_COUNTS) {
            wholeNumber(config, key, problems).filter(n -> n <= 0)
                    .ifPresent(n -> problems.add(key + " must be above zero, was " + raw(config, key)));
        }
        new TreeMap<>(ONE_OF).forEach((key, allowed) -> config.getOptionalValue(key, String.class)
                .filter(value -> allowed.stream().noneMatch(value::equalsIgnoreCase))
                .ifPresent(value -> problems.add(key + " must be " + String.join(" or ", allowed) + ", was " + value)));
        new TreeMap<>(CRONS).forEach((key, enabled) -> {
            if (enabled.equals(ALWAYS_ON) || config.getOptionalValue(enabled, String.class)
                    .filter(v -> !v.strip().equalsIgnoreCase("false")).isPresent()) {
                config.getOptionalValue(key, String.class).flatMap(ConfigChecks::notACron).ifPresent(why -> problems
                        .add(key + " is not a Quartz cron expression (" + why + "), was " + raw(config, key)
                                + ": Quartz crons have 6 or 7 fields, seconds first (0 0 3 * * ? is 03:00 daily)"));
            }
        });
        omConnections(config).ifPresent(problems::add);
        Optional<Duration> min = Optional.ofNullable(durations.get("tokens.lifetime.min"));
        Optional<Duration> max = Optional.ofNullable(durations.get("tokens.lifetime.max"));
        if (min.isPresent() && max.isPresent() && min.get().compareTo(max.get()) > 0) {
            problems.add(
                    "tokens.lifetime.min (" + raw(config, "tokens.lifetime.min") + ") exceeds tokens.lifetime.max ("
                            + raw(config, "tokens.lifetime.max") + "): every token would be refused");
        }
        boolean staticTze = config.getOptionalValue("tze.token.mode", String.class)
                .map(mode -> mode.strip().toLowerCase(Locale.ROOT).equals("static")).orElse(true);
        Optional<Duration> staticLifetime = Optional.ofNullable(durations.get("tze.token.static-lifetime"));
        if (staticTze && staticLifetime.isPresent() && min.isPresent() && max.isPresent()
                && (staticLifetime.get().compareTo(min.get()) < 0 || staticLifetime.get().compareTo(max.get()) > 0)) {
            problems.add("tze.token.static-lifetime (" + raw(config, "tze.token.static-lifetime")
                    + ") is outside tokens.lifetime.min .. tokens.lifetime.max");
        }
        Optional<Duration> lease = Optional.ofNullable(durations.get("tokens.lease-duration"));
        Optional<Duration> omRequest = Optional.ofNullable(durations.get("om.token-timeout"));
        if (lease.isPresent() && omRequest.isPresent() && lease.get().compareTo(omRequest.get()) <= 0) {
            problems.add("tokens.lease-duration (" + raw(config, "tokens.lease-duration")
                    + ") must exceed om.token-timeout (" + raw(config, "om.token-timeout")
                    + "): the refresher's lease would end while it still waits for OM");
        }
        return problems;
    }

    /**
     * tokens.refresh.margin-min no longer than tokens.min-remaining with a margin-ratio of 0: a token would be
     * refreshed only once it is no longer handed out, so at every expiry callers would find no token and wait for a
     * refresh (the proactive refresh would never be ahead of them).
     */
    private static Optional<String> refreshAfterHandOutEnds(Config config, Map<String, Duration> durations,
            Optional<Double> ratio) {
        Duration margin = durations.get(MARGIN_MIN);
        Duration minRemaining = durations.get(MIN_REMAINING);
        if (margin == null || minRemaining == null || margin.isNegative() || minRemaining.isNegative()
                || ratio.filter(r -> r == 0).isEmpty() || margin.compareTo(minRemaining) > 0) {
            return Optional.empty();
        }
        return Optional.of(MARGIN_MIN + " (" + raw(config, MARGIN_MIN) + ") must exceed " + MIN_REMAINING + " ("
                + raw(config, MIN_REMAINING) + ") while " + MARGIN_RATIO + " is 0: tokens would be refreshed only"
                + " after they are no longer handed out, and callers would wait for a refresh at every expiry");
    }

    /**
     * Why a duration used as milliseconds cannot be, naming key and value; empty when it is a positive duration
     * of at least 1 ms. Duration.toMillis() (and so {{millis:...}}) makes 0.5 ms 0 ms.
     */
    static Optional<String> notAtLeastOneMilli(String key, Duration duration, String value) {
        if (duration.isZero() || duration.isNegative()) {
            return Optional.of(key + " must be above zero, was " + value);
        }
        if (duration.toMillis() < 1) {
            return Optional.of(key + " is under 1 ms, which is used as 0 ms, was " + value);
        }
        return Optional.empty();
    }

    /** Secret-bearing vendor URLs of the vendors on that are not https, in the prod profile. */
    public static List<String> plainHttp(Config config, List<String> profiles, VendorList vendors) {
        List<String> problems = new ArrayList<>();
        if (!profiles.contains("prod")) {
            return problems;
        }
        SECRET_BEARING_URLS.forEach((vendor, keys) -> {
            if (!vendors.isOn(vendor)) {
                return;
            }
            for (String key : keys) {
                config.getOptionalValue(key, String.class).map(String::strip)
                        .filter(url -> !url.toLowerCase(Locale.ROOT).startsWith("https://") && !loopback(url))
                        .ifPresent(url -> problems.add(key + " must be an https:// URL in the prod profile (its"
                                + " requests carry secrets), was " + url));
            }
        });
        problems.sort(null);
        return problems;
    }

    /**
     * om.max-connections below what sends to OM at once (om.concurrency, plus om.queue.consumers while the queue
     * is on): the sends beyond it wait for a connection, and time out as transient failures under full load.
     */
    private static Optional<String> omConnections(Config config) {
        List<String> ignored = new ArrayList<>();
        Optional<Long> connections = wholeNumber(config, "om.max-connections", ignored);
        long needed = wholeNumber(config, "om.concurrency", ignored).orElse(0L)
                + (config.getOptionalValue("om.queue.enabled", Boolean.class).orElse(false)
                        ? wholeNumber(config, "om.queue.consumers", ignored).orElse(0L)
                        : 0);
        return connections.filter(c -> c > 0 && c < needed).map(c -> "om.max-connections must be at least"
                + " om.concurrency plus, with om.queue.enabled, om.queue.consumers (" + needed + "), was " + c);
    }

    /** Why Quartz refuses this cron, empty if it takes it; '+' stands for a space, as in Camel's quartz URIs. */
    static Optional<String> notACron(String cron) {
        try {
            new CronExpression(cron.replace('+', ' ').strip());
            return Optional.empty();
        } catch (ParseException e) {
            return Optional.of(String.valueOf(e.getMessage()).replaceAll("[.\\s]+$", ""));
        }
    }

    /**
     * tze.templates-dir when TZE is on: it must be a folder this process can read (it may hold no template), or
     * every message naming a template would be refused as an unknown template.
     */
    public static List<String> missingFolders(Config config, VendorList vendors) {
        List<String> problems = new ArrayList<>();
        if (vendors.isOn(Vendor.TZE)) {
            String key = "tze.templates-dir";
            config.getOptionalValue(key, String.class).ifPresent(dir -> {
                Path path = Path.of(dir).toAbsolutePath().normalize();
                String why = !Files.exists(path) ? "does not exist" : !Files.isDirectory(path) ? "is not a folder"
                        : !Files.isReadable(path) ? "cannot be read" : null;
                if (why != null) {
                    problems.add(key + " must be a folder of TZE message templates, was " + dir + " (" + path + " "
                            + why + ")");
                }
            });
        }
        return problems;
    }

    /**
     * tze.token.mode=route with TZE on: some route must consume tze.token.fetch-uri, or every fetch of the platform
     * accessToken fails (no consumer on the direct endpoint: reason internal_error) and no TZE call can be made.
     * Checked for a direct: fetch URI only, the kind recipe 6 of docs/routes.md uses.
     */
    public static List<String> missingTokenRoute(Config config, VendorList vendors, Collection<String> routeInputs) {
        boolean route = config.getOptionalValue("tze.token.mode", String.class)
                .filter(mode -> mode.strip().equalsIgnoreCase("route")).isPresent();
        if (!vendors.isOn(Vendor.TZE) || !route) {
            return List.of();
        }
        String fetchUri = config.getOptionalValue("tze.token.fetch-uri", String.class)
                .orElse(RouteTokenSource.defaultFetchUri(TzeTokenSource.CREDENTIAL));
        Optional<String> name = directName(fetchUri);
        if (name.isEmpty() || routeInputs.stream().map(ConfigChecks::directName).anyMatch(name::equals)) {
            return List.of();
        }
        return List.of("tze.token.mode is route, but no route consumes tze.token.fetch-uri (" + fetchUri
                + "): every fetch of TZE's platform accessToken would fail; add the route (docs/routes.md, recipe 6)"
                + " or set tze.token.mode=static");
    }

    /**
     * A credential declared in the configuration (tokens.credentials.&lt;name&gt;.fetch-uri) whose vendor is on,
     * or which has none: a direct: fetch URI must be consumed by some route, or every fetch of its token fails.
     */
    public static List<String> missingCredentialRoutes(Config config, VendorList vendors,
            Collection<String> routeInputs) {
        List<String> problems = new ArrayList<>();
        Pattern key = Pattern.compile("tokens\\.credentials\\.([^.]+)\\.fetch-uri");
        for (String name : StreamSupport.stream(config.getPropertyNames().spliterator(), false).sorted().toList()) {
            Matcher m = key.matcher(name);
            if (!m.matches()) {
                continue;
            }
            Optional<String> vendor = config.getOptionalValue("tokens.credentials." + m.group(1) + ".vendor",
                    String.class);
            if (vendor.isPresent() && Vendor.byKey(vendor.get()).filter(v -> !vendors.isOn(v)).isPresent()) {
                continue; // its vendor is off: the credential is left out
            }
            config.getOptionalValue(name, String.class).ifPresent(uri -> {
                Optional<String> direct = directName(uri);
                if (direct.isPresent()
                        && routeInputs.stream().map(ConfigChecks::directName).noneMatch(direct::equals)) {
                    problems.add("no route consumes " + name + " (" + uri + "): every fetch of the credential's"
                            + " token would fail; add the route (docs/routes.md, recipe 4)");
                }
            });
        }
        return problems;
    }

    /** The endpoint URI each route consumes from, its placeholders resolved: defined routes and started ones. */
    static List<String> routeInputs(CamelContext camel) {
        List<String> uris = new ArrayList<>();
        Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
        if (model != null) {
            model.getRouteDefinitions().stream().filter(r -> r.getInput() != null)
                    .map(r -> r.getInput().getEndpointUri()).forEach(uris::add);
        }
        camel.getRoutes().stream().map(r -> r.getEndpoint().getEndpointUri()).forEach(uris::add);
        return uris.stream().filter(Objects::nonNull).map(uri -> {
            try {
                return camel.resolvePropertyPlaceholders(uri);
            } catch (RuntimeException e) {
                return uri; // a placeholder without a value: Camel refuses that route itself
            }
        }).toList();
    }

    /** The name of a direct: endpoint URI (direct:name, direct://name, with options or not), else empty. */
    private static Optional<String> directName(String uri) {
        String u = uri.strip();
        if (!u.regionMatches(true, 0, "direct:", 0, 7)) {
            return Optional.empty();
        }
        String name = u.substring(7);
        name = name.startsWith("//") ? name.substring(2) : name;
        int options = name.indexOf('?');
        return Optional.of(options < 0 ? name : name.substring(0, options));
    }

    private static boolean loopback(String url) {
        try {
            String host = URI.create(url).getHost();
            return host != null && (host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]"));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The key's duration ("PT3S", "3s", "500ms"), empty when unset; a value that is none is a problem. */
    private static Optional<Duration> duration(Config config, String key, List<String> problems) {
        return parsed(config, key, problems, DurationConverter::parseDuration,
                value -> key + " is not a duration (e.g. PT3S, 3s, 500ms): " + value);
    }

    /**
     * This text as Camel's type converter reads it for a duration option such as the timer's period (ISO-8601 from
     * P on, else 1h30m, 1m, 30s, 500ms or a bare number of milliseconds); what it cannot read is an
     * IllegalArgumentException.
     */
    static Duration camelDuration(String value) {
        try {
            return org.apache.camel.converter.DurationConverter.toDuration(value);
        } catch (RuntimeException e) { // NumberFormatException, DateTimeParseException, StringIndexOutOfBounds...
            throw new IllegalArgumentException(e);
        }
    }

    /** The key's whole number, empty when unset; a value that is none is a problem. */
    private static Optional<Long> wholeNumber(Config config, String key, List<String> problems) {
        return parsed(config, key, problems, Long::parseLong, value -> key + " must be a whole number, was " + value);
    }

    /** The key's value parsed, empty when unset or blank; a value the parser refuses is a problem, so worded. */
    private static <T> Optional<T> parsed(Config config, String key, List<String> problems, Function<String, T> parser,
            Function<String, String> notOne) {
        Optional<String> value = config.getOptionalValue(key, String.class);
        if (value.isEmpty() || value.get().isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(parser.apply(value.get().strip()));
        } catch (IllegalArgumentException e) {
            problems.add(notOne.apply(value.get()));
            return Optional.empty();
        }
    }

    private static String raw(Config config, String key) {
        return config.getOptionalValue(key, String.class).orElse("");
    }
}
