package io.camelbundle.om;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The 26 fields of an OM data-return event ({@code msg}), in the order of seed 000's field table, with the
 * vendor's exact spelling ({@code IP} is upper case, everything else lower case). The order is the order
 * every normalised event is emitted in, so the JSON sent to OM reads like the document.
 */
public enum OmField {

    TS("ts", Type.BIGINT, false),
    IP("IP", Type.STRING, true),
    IMEI("imei", Type.STRING, true),
    IMSI("imsi", Type.STRING, true),
    IDFA("idfa", Type.STRING, true),
    IDFV("idfv", Type.STRING, false),
    MODEL("model", Type.STRING, false),
    MAC("mac", Type.STRING, false),
    ANDROID_ID("android_id", Type.STRING, true),
    APP_VERSION("app_version", Type.STRING, false),
    TERMINAL("terminal", Type.STRING, true),
    SUB_TERMINAL("sub_terminal", Type.STRING, false),
    NETWORK("network", Type.STRING, false),
    WIFI_SSID("wifi_ssid", Type.STRING, false),
    WIFI_MAC("wifi_mac", Type.STRING, false),
    PLATFORM("platform", Type.STRING, true),
    UIN("uin", Type.STRING, false),
    DOC_ID("doc_id", Type.STRING, true),
    /** Video length in milliseconds. */
    VIDEO_TIME("video_time", Type.BIGINT, false),
    SUB_CH("sub_ch", Type.STRING, true),
    /** 0 none, 1 editor, 2 user share, 3 overlay, 4 recommendation. */
    SOURCE("source", Type.BIGINT, true, 4),
    /** 0 none .. 11 complaint. */
    USER_ACTION("user_action", Type.BIGINT, true, 11),
    /** 0 none, 1 autoplay, 2 manual play. */
    PLAY_ACTION("play_action", Type.BIGINT, true, 2),
    /** Reading or playing time in milliseconds. */
    TIME_LONG("time_long", Type.BIGINT, true),
    /** 0 none, 1 incomplete, 2 complete. */
    COMPLETE("complete", Type.BIGINT, false, 2),
    DATA_SOURCE("data_source", Type.STRING, true);

    /** The two value types of the document: {@code string} and {@code bigint}. */
    public enum Type {
        STRING, BIGINT
    }

    private static final Map<String, OmField> BY_NAME = new HashMap<>();
    private static final Map<String, OmField> BY_LOWER_NAME = new HashMap<>();
    private static final List<String> NAMES;

    static {
        for (OmField field : values()) {
            BY_NAME.put(field.wireName, field);
            BY_LOWER_NAME.put(field.wireName.toLowerCase(Locale.ROOT), field);
        }
        NAMES = Collections.unmodifiableList(Arrays.stream(values()).map(OmField::wireName).toList());
    }

    private final String wireName;
    private final Type type;
    private final boolean required;
    private final long maxValue;

    OmField(String wireName, Type type, boolean required) {
        this(wireName, type, required, Long.MAX_VALUE);
    }

    OmField(String wireName, Type type, boolean required, long maxValue) {
        this.wireName = wireName;
        this.type = type;
        this.required = required;
        this.maxValue = maxValue;
    }

    /** The name exactly as OM spells it in {@code msg}. */
    public String wireName() {
        return wireName;
    }

    public Type type() {
        return type;
    }

    /** Whether the document marks the field required (Y). Required or not, every field is emitted. */
    public boolean required() {
        return required;
    }

    /** Largest allowed value of a bigint field: the enum ranges of the document, else 2^63-1. */
    public long maxValue() {
        return maxValue;
    }

    /** Whether the bigint field is an enumeration with a documented range 0..{@link #maxValue()}. */
    public boolean isEnumeration() {
        return type == Type.BIGINT && maxValue != Long.MAX_VALUE;
    }

    /** The 26 wire names in document order. */
    public static List<String> names() {
        return NAMES;
    }

    /** The field with exactly this wire name (case-sensitive, as in {@code msg}). */
    public static Optional<OmField> byName(String name) {
        return Optional.ofNullable(name == null ? null : BY_NAME.get(name));
    }

    /**
     * The field this input name means, in any case ({@code ip} is {@code IP}, {@code Data_source} is
     * {@code data_source}): producers misspell the case, and a name that silently missed would send the
     * field as missing. No two wire names differ only in case, so the match is unambiguous.
     */
    public static Optional<OmField> byNameIgnoringCase(String name) {
        if (name == null) {
            return Optional.empty();
        }
        OmField exact = BY_NAME.get(name);
        return Optional.ofNullable(exact != null ? exact : BY_LOWER_NAME.get(name.toLowerCase(Locale.ROOT)));
    }

    /**
     * The canonical spelling of a CSV header name. Spreadsheets and hand-written files spell headers in any
     * case ({@code imei}, {@code IMEI}, {@code Ip}), so CSV headers are matched case-insensitively and
     * without surrounding blanks; a header that names no OM field is returned stripped but otherwise as is,
     * so the normaliser can report it as unknown under the name the file used.
     */
    public static String canonicalHeader(String header) {
        String stripped = header == null ? "" : header.strip();
        OmField field = BY_LOWER_NAME.get(stripped.toLowerCase(Locale.ROOT));
        return field == null ? stripped : field.wireName;
    }

    /** Whether a CSV header names an OM field, in any case. */
    public static boolean isKnownHeader(String header) {
        return header != null && BY_LOWER_NAME.containsKey(header.strip().toLowerCase(Locale.ROOT));
    }
}
