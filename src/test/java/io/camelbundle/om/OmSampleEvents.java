package io.camelbundle.om;

/** Events for tests. */
public final class OmSampleEvents {

    /** The request example of seed 000. */
    public static final String SEED_EXAMPLE = "{\"IP\": \"10.1.1.191\", \"android_id\": \"9774d56d682e549c\", \"app_version\": \"2.1\","
            + " \"complete\":1, \"data_source\": \"sogou\", \"doc_id\": \"20171113A0FLVE\", \"idfa\": \"gg\","
            + " \"idfv\": \"idfv\", \"imei\": \"86641710\", \"imsi\": \"86641711\", \"mac\": \"mac\", \"model\": \"note9\","
            + " \"network\": \"4\", \"platform\": \"QQ\", \"play_action\":0, \"source\":2, \"sub_ch\": \"快报推荐流\","
            + " \"sub_terminal\": \"2\", \"terminal\": \"2\", \"time_long\":200, \"ts\":1510662363, \"uin\": \"\","
            + " \"user_action\":2, \"video_time\":2000, \"wifi_mac\": \"00:E0:81:AF:A8:8A\", \"wifi_ssid\":"
            + " \"freewifi\"}";

    private OmSampleEvents() {
    }
}
