package io.camelbundle.om;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Turns one input record into the exact {@code msg} OM expects (seed 000's field table; docs/om.md), or
 * says why it cannot be sent.
 *
 * <p>Input is a map from field name to value: from CSV every value is a {@code String}; from JSON Lines a
 * value is a {@code String}, a number ({@code Integer}, {@code Long}, {@code BigInteger}, {@code Double} or
 * {@code BigDecimal}), a {@code Boolean}, {@code null}, or a nested {@code Map}/{@code List}. Field names are
 * matched case-insensitively on every path ({@code ip} is {@code IP}, {@code Data_source} is
 * {@code data_source}), as CSV headers are ({@link OmField#canonicalHeader(String)}); a record naming one field
 * twice in different cases ({@code "IP"} and {@code "ip"}) is rejected naming both keys: which value was meant
 * cannot be told.
 *
 * <p>Rules:
 * <ul>
 * <li>Every one of the 26 fields is emitted, in document order. A missing string field is JSON
 * {@code null} (not the text "null"), a missing bigint field is {@code 0}. JSON {@code null} counts as
 * missing. {@code data_source} falls back to {@link Settings#dataSource()} when missing.</li>
 * <li>An empty CSV cell is missing: the CSV reader passes it as {@code null} ({@link EventFileReader}), the
 * only way a CSV file can leave a value out. In JSON an empty string is a present value for string fields,
 * kept as {@code ""} (the document's own example sends {@code "uin": ""}), except for {@code data_source},
 * where {@code ""} is missing and gets the configured default (an event without a source is useless to OM).
 * For a bigint field an empty string is missing ({@code 0}) on every path.</li>
 * <li>bigint: decimal integer text of ASCII digits or a JSON integer, 0..2^63-1. Rejected: "abc", "1.5",
 * "1e3", " 7" (no trimming), "+7", "-1", values beyond 2^63-1, JSON floats (even 3.0), booleans, objects
 * and arrays. Ranges: {@code source} 0..4, {@code user_action} 0..11, {@code play_action} 0..2,
 * {@code complete} 0..2. {@code ts} is seconds: a value above 10^11 looks like milliseconds; a value more
 * than {@link Settings#maxFutureSkew()} ahead of the clock is rejected.</li>
 * <li>string: JSON strings only. A JSON number, boolean, object or array in a string field is rejected,
 * naming the field. Turning {@code 86641710} into {@code "86641710"} looks harmless, but a JSON writer may
 * already have lost digits (a 20-digit IMEI through a double) or written {@code 8.6641710E7}, so the
 * decimal text would not be what the source meant: the document says the fields are strings, and the
 * producer must write them as strings. Strings longer than {@link Settings#maxStringLength()} code points
 * and strings with unpaired surrogates (not encodable as UTF-8) are rejected.</li>
 * <li>{@code IP}, when not empty, must be an IPv4 or IPv6 literal ({@link IpLiterals}, no DNS).</li>
 * <li>Unknown fields are dropped and returned in {@link NormalizationResult#unknownFields()}, never a reason
 * for rejection; they are also handed to the unknown-field listener (metric and log: {@link OmUnknownFields}),
 * so they leave a trace on every path, not only in a file drop's report.</li>
 * </ul>
 *
 * <p>Stateless and thread-safe (as long as the listener is); a plain constructor so it is tested without CDI
 * or Camel.
 */
public class OmEventNormalizer {

    /** Reason kinds: stable texts without values, reports group rejections by {@code field + ": " + kind}. */
    public static final String NOT_AN_INTEGER = "not an integer";
    public static final String NEGATIVE = "negative";
    public static final String TOO_LARGE = "beyond 2^63-1";
    public static final String OUT_OF_RANGE = "out of range";
    public static final String MILLISECONDS = "looks like milliseconds";
    public static final String IN_THE_FUTURE = "in the future";
    public static final String NOT_A_STRING = "not a string";
    public static final String TOO_LONG = "too long";
    public static final String NOT_UTF8 = "unpaired surrogate";
    public static final String INVALID_IP = "not an IP address";
    public static final String NAMED_TWICE = "named twice";

    /** A seconds timestamp above this is year 5138 or later: it is milliseconds (10^11 ms is 1973). */
    static final long MILLISECONDS_THRESHOLD = 100_000_000_000L;

    /** How much of an offending value a reason quotes: enough to find it, never a 10 MB line. */
    private static final int QUOTE_LIMIT = 64;

    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final Pattern NEGATIVE_DIGITS = Pattern.compile("-[0-9]+");
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final String LONG_MAX_DIGITS = Long.toString(Long.MAX_VALUE);

    /** Jackson writes non-ASCII text as UTF-8 characters, unescaped: 快报推荐流 and emoji stay readable. */
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Deployment settings.
     *
     * @param dataSource      value of {@code data_source} for records that have none ({@code om.data-source},
     *                        agreed with OM per partner, e.g. {@code sogou}); {@code null} or blank: no
     *                        default, a missing {@code data_source} is sent as {@code null}
     * @param maxStringLength longest accepted string value, in code points (default 1024)
     * @param maxFutureSkew   how far {@code ts} may lie ahead of this machine's clock (default 1 day)
     */
    public record Settings(String dataSource, int maxStringLength, Duration maxFutureSkew) {

        public static final int DEFAULT_MAX_STRING_LENGTH = 1024;
        public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofDays(1);

        public Settings {
            if (dataSource != null && dataSource.isBlank()) {
                dataSource = null;
            }
            if (maxStringLength < 1) {
                throw new IllegalArgumentException("maxStringLength must be positive: " + maxStringLength);
            }
            Objects.requireNonNull(maxFutureSkew, "maxFutureSkew");
            if (maxFutureSkew.isNegative()) {
                throw new IllegalArgumentException("maxFutureSkew must not be negative: " + maxFutureSkew);
            }
        }

        /** From the {@code om.data-source} and {@code om.events.*} configuration. */
        public static Settings of(OmConfig config) {
            return new Settings(config.dataSource().orElse(null), config.events().maxStringLength(),
                    config.events().maxFutureSkew());
        }

        /** Default limits with this {@code data_source} default. */
        public static Settings defaults(String dataSource) {
            return new Settings(dataSource, DEFAULT_MAX_STRING_LENGTH, DEFAULT_MAX_FUTURE_SKEW);
        }
    }

    private final Settings settings;
    private final Clock clock;
    private final Consumer<List<String>> unknownFieldListener;

    /**
     * @param unknownFieldListener gets the unknown field names of every record that has some (in input
     *                             order), accepted or rejected
     */
    public OmEventNormalizer(Settings settings, Clock clock, Consumer<List<String>> unknownFieldListener) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.unknownFieldListener = Objects.requireNonNull(unknownFieldListener, "unknownFieldListener");
    }

    public OmEventNormalizer(Settings settings, Clock clock) {
        this(settings, clock, names -> {
        });
    }

    public OmEventNormalizer(Settings settings) {
        this(settings, Clock.systemUTC());
    }

    public Settings settings() {
        return settings;
    }

    /** Normalises one record; never throws for bad data, only for a {@code null} record. */
    public NormalizationResult normalize(Map<String, ?> record) {
        Objects.requireNonNull(record, "record");
        List<String> unknown = new ArrayList<>();
        Map<OmField, String> keys = new EnumMap<>(OmField.class);
        Map<OmField, Object> values = new EnumMap<>(OmField.class);
        List<Rejection.Reason> reasons = new ArrayList<>();
        Map<OmField, String> second = new EnumMap<>(OmField.class);
        Map<OmField, Integer> times = new EnumMap<>(OmField.class);
        for (Map.Entry<String, ?> entry : record.entrySet()) {
            String name = String.valueOf(entry.getKey());
            OmField field = OmField.byNameIgnoringCase(entry.getKey()).orElse(null);
            if (field == null) {
                unknown.add(name);
                continue;
            }
            if (keys.putIfAbsent(field, name) != null) {
                second.putIfAbsent(field, name);
            }
            times.merge(field, 1, Integer::sum);
            values.put(field, entry.getValue());
        }
        // one reason per field, however many case variants name it: a record's reasons stay bounded
        second.forEach((field, name) -> reasons.add(reason(field, NAMED_TWICE, times.get(field) == 2
                ? "named twice, as " + quoted(keys.get(field)) + " and " + quoted(name)
                : "named " + times.get(field) + " times, as " + quoted(keys.get(field)) + ", " + quoted(name)
                        + " and others")));
        if (!unknown.isEmpty()) {
            unknownFieldListener.accept(List.copyOf(unknown));
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        for (OmField field : OmField.values()) {
            Object value = values.get(field);
            if (field.type() == OmField.Type.BIGINT) {
                fields.put(field.wireName(), bigint(field, value, reasons));
            } else {
                String text = string(field, value, reasons);
                if ((text == null || text.isEmpty()) && field == OmField.DATA_SOURCE) {
                    text = settings.dataSource();
                }
                fields.put(field.wireName(), text);
            }
        }
        if (!reasons.isEmpty()) {
            return new Rejection(reasons, unknown);
        }
        Map<String, Object> frozen = Collections.unmodifiableMap(fields);
        return new NormalizedEvent(frozen, toJson(frozen), unknown);
    }

    private Long bigint(OmField field, Object value, List<Rejection.Reason> reasons) {
        String name = field.wireName();
        long number;
        if (value == null || "".equals(value)) {
            return 0L;
        } else if (value instanceof String text) {
            if (DIGITS.matcher(text).matches()) {
                // compared as text, not parsed as a BigInteger: that costs time quadratic in the digits, and a
                // 1 MiB record can hold a million of them
                String significant = text.substring(leadingZeros(text));
                if (significant.length() > LONG_MAX_DIGITS.length() || significant.length() == LONG_MAX_DIGITS.length()
                        && significant.compareTo(LONG_MAX_DIGITS) > 0) {
                    reasons.add(reason(field, TOO_LARGE, quote(text) + " is beyond 2^63-1"));
                    return null;
                }
                number = Long.parseLong(significant);
            } else if (NEGATIVE_DIGITS.matcher(text).matches()) {
                reasons.add(reason(field, NEGATIVE, quote(text) + " is negative"));
                return null;
            } else {
                reasons.add(reason(field, NOT_AN_INTEGER, quoted(text) + " is not an integer"));
                return null;
            }
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short
                || value instanceof Byte) {
            number = ((Number) value).longValue();
        } else if (value instanceof BigInteger big) {
            if (big.signum() < 0) {
                reasons.add(reason(field, NEGATIVE, quote(big.toString()) + " is negative"));
                return null;
            }
            if (big.compareTo(LONG_MAX) > 0) {
                reasons.add(reason(field, TOO_LARGE, quote(big.toString()) + " is beyond 2^63-1"));
                return null;
            }
            number = big.longValue();
        } else if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
            String text = value instanceof BigDecimal decimal ? decimal.toString() : value.toString();
            reasons.add(reason(field, NOT_AN_INTEGER, quote(text) + " is not an integer (a JSON float)"));
            return null;
        } else {
            reasons.add(reason(field, NOT_AN_INTEGER, "is " + describe(value) + ", not an integer"));
            return null;
        }
        if (number < 0) {
            reasons.add(reason(field, NEGATIVE, number + " is negative"));
            return null;
        }
        if (number > field.maxValue()) {
            reasons.add(reason(field, OUT_OF_RANGE, number + " is out of range 0.." + field.maxValue()));
            return null;
        }
        if (field == OmField.TS) {
            if (number > MILLISECONDS_THRESHOLD) {
                reasons.add(reason(field, MILLISECONDS, "looks like milliseconds (" + number + ")"));
                return null;
            }
            long now = clock.instant().getEpochSecond();
            long latest = saturatedAdd(now, settings.maxFutureSkew().getSeconds());
            if (number > latest) {
                reasons.add(reason(field, IN_THE_FUTURE, number + " is more than " + settings.maxFutureSkew()
                        + " in the future (now " + now + ")"));
                return null;
            }
        }
        return number;
    }

    private String string(OmField field, Object value, List<Rejection.Reason> reasons) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            String shown = value instanceof Number ? " (" + quote(value.toString()) + ")" : "";
            reasons.add(reason(field, NOT_A_STRING, "must be a string, not " + describe(value) + shown));
            return null;
        }
        int length = text.codePointCount(0, text.length());
        if (length > settings.maxStringLength()) {
            reasons.add(reason(field, TOO_LONG, "is " + length + " characters long, more than "
                    + settings.maxStringLength()));
            return null;
        }
        int surrogate = unpairedSurrogate(text);
        if (surrogate >= 0) {
            reasons.add(reason(field, NOT_UTF8, "has an unpaired surrogate at index " + surrogate
                    + " (not encodable as UTF-8)"));
            return null;
        }
        if (field == OmField.IP && !text.isEmpty() && !IpLiterals.isValid(text)) {
            reasons.add(reason(field, INVALID_IP, quoted(text) + " is not an IPv4 or IPv6 address"));
            return null;
        }
        return text;
    }

    private static int unpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            } else if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    private static Rejection.Reason reason(OmField field, String kind, String detail) {
        return new Rejection.Reason(field.wireName(), kind, field.wireName() + ": " + detail);
    }

    private static String describe(Object value) {
        if (value instanceof Boolean) {
            return "a boolean";
        } else if (value instanceof Map) {
            return "an object";
        } else if (value instanceof List || value instanceof Object[]) {
            return "an array";
        } else if (value instanceof Number) {
            return "a number";
        }
        return "a " + value.getClass().getSimpleName();
    }

    /** Leading '0's of a string of digits, keeping the last digit: "000" has two. */
    private static int leadingZeros(String digits) {
        int zeros = 0;
        while (zeros < digits.length() - 1 && digits.charAt(zeros) == '0') {
            zeros++;
        }
        return zeros;
    }

    private static String quote(String text) {
        if (text.codePointCount(0, text.length()) <= QUOTE_LIMIT) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, QUOTE_LIMIT)) + "...";
    }

    private static String quoted(String text) {
        return "\"" + quote(text) + "\"";
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    private static String toJson(Map<String, Object> fields) {
        try {
            return JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            // only Strings, Longs and nulls, checked above: cannot happen
            throw new IllegalStateException("cannot write OM event as JSON", e);
        }
    }
}
