package io.camelbundle.sandbox;

import java.util.List;

/**
 * The field table of seed 000's data return ({@code msg}), transcribed for the sandbox on its own: names as
 * the seed spells them, bigint or string, and the largest value of each bigint the seed bounds. Deliberately
 * not derived from the bundle's {@code OmField}: the stand-in checks the bundle, so it must not share its rules.
 */
final class OmSeedFields {

    /** A seconds timestamp above 10^11 is year 5138 or later: milliseconds sent where the seed says seconds. */
    static final long TS_SECONDS_MAX = 100_000_000_000L;

    record Field(String name, boolean bigint, long max) {
    }

    static final List<Field> ALL = List.of(
            bigint("ts", TS_SECONDS_MAX), // 行为数据精确到秒
            string("IP"), string("imei"), string("imsi"), string("idfa"), string("idfv"), string("model"),
            string("mac"), string("android_id"), string("app_version"), string("terminal"), string("sub_terminal"),
            string("network"), string("wifi_ssid"), string("wifi_mac"), string("platform"), string("uin"),
            string("doc_id"),
            bigint("video_time", Long.MAX_VALUE), // milliseconds
            string("sub_ch"),
            bigint("source", 4), // 0=无、1=人工、2=用户转发或分享、3=浮层、4=推荐
            bigint("user_action", 11), // 0=无 ... 11=投诉等
            bigint("play_action", 2), // 0=无、1=自动播放，2=手动播放
            bigint("time_long", Long.MAX_VALUE), // milliseconds
            bigint("complete", 2), // 0=无，1=不完整，2=完整
            string("data_source"));

    private OmSeedFields() {
    }

    private static Field string(String name) {
        return new Field(name, false, 0);
    }

    private static Field bigint(String name, long max) {
        return new Field(name, true, max);
    }
}
