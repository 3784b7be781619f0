package io.camelbundle.om;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Every rule of seed 000's field table as {@link OmEventNormalizer} applies it. */
class OmEventNormalizerTest {

    private static final Instant NOW = Instant.parse("2026-11-25T00:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** The {@code msg} of the curl example in seed 000, verbatim. */
    private static final String SEED_EXAMPLE = "{\"IP\": \"10.1.1.191\", \"android_id\": \"9774d56d682e549c\", "
            + "\"app_version\": \"2.1\", \"complete\":1, \"data_source\": \"sogou\", \"doc_id\": \"20171113A0FLVE\", "
            + "\"idfa\": \"gg\", \"idfv\": \"idfv\", \"imei\": \"86641710\", \"imsi\": \"86641711\", \"mac\": \"mac\", "
            + "\"model\": \"note9\", \"network\": \"4\", \"platform\": \"QQ\", \"play_action\":0, \"source\":2, "
            + "\"sub_ch\": \"快报推荐流\", \"sub_terminal\": \"2\", \"terminal\": \"2\", \"time_long\":200, "
            + "\"ts\":1510662363, \"uin\": \"\", \"user_action\":2, \"video_time\":2000, "
            + "\"wifi_mac\": \"00:E0:81:AF:A8:8A\", \"wifi_ssid\": \"freewifi\"}";

    private final OmEventNormalizer normalizer = new OmEventNormalizer(
            OmEventNormalizer.Settings.defaults("partner-default"), Clock.fixed(NOW, ZoneOffset.UTC));

    private static Map<String, Object> json(String text) throws Exception {
        return JSON.readValue(text, new TypeReference<LinkedHashMap<String, Object>>() {
        });
    }

    private static Map<String, Object> seedRecord() throws Exception {
        return json(SEED_EXAMPLE);
    }

    private static Map<String, Object> with(Map<String, Object> record, String field, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(record);
        copy.put(field, value);
        return copy;
    }

    private NormalizedEvent accepted(Map<String, ?> record) {
        NormalizationResult result = normalizer.normalize(record);
        assertThat(result).as("%s", result).isInstanceOf(NormalizedEvent.class);
        assertThat(result.accepted()).isTrue();
        return (NormalizedEvent) result;
    }

    private Rejection rejected(Map<String, ?> record) {
        NormalizationResult result = normalizer.normalize(record);
        assertThat(result).as("%s", result).isInstanceOf(Rejection.class);
        assertThat(result.accepted()).isFalse();
        return (Rejection) result;
    }

    private List<String> reasonsFor(String field, Object value) throws Exception {
        return rejected(with(seedRecord(), field, value)).messages();
    }

    // --- the seed's example -------------------------------------------------------------------------

    @Test
    void seedCurlExampleNormalisesToExactlyTheDocumentedFieldsInDocumentOrder() throws Exception {
        NormalizedEvent event = accepted(seedRecord());
        assertThat(event.msg()).isEqualTo("{\"ts\":1510662363,\"IP\":\"10.1.1.191\",\"imei\":\"86641710\","
                + "\"imsi\":\"86641711\",\"idfa\":\"gg\",\"idfv\":\"idfv\",\"model\":\"note9\",\"mac\":\"mac\","
                + "\"android_id\":\"9774d56d682e549c\",\"app_version\":\"2.1\",\"terminal\":\"2\","
                + "\"sub_terminal\":\"2\",\"network\":\"4\",\"wifi_ssid\":\"freewifi\","
                + "\"wifi_mac\":\"00:E0:81:AF:A8:8A\",\"platform\":\"QQ\",\"uin\":\"\",\"doc_id\":\"20171113A0FLVE\","
                + "\"video_time\":2000,\"sub_ch\":\"快报推荐流\",\"source\":2,\"user_action\":2,\"play_action\":0,"
                + "\"time_long\":200,\"complete\":1,\"data_source\":\"sogou\"}");
        assertThat(event.fields().keySet()).containsExactlyElementsOf(OmField.names());
        assertThat(event.unknownFields()).isEmpty();
        // same content as the document's example, field by field
        JsonNode expected = JSON.readTree(SEED_EXAMPLE);
        JsonNode actual = JSON.readTree(event.msg());
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void fieldTableHasTheDocumentsTwentySixFieldsInOrderWithExactSpelling() {
        assertThat(OmField.names()).containsExactly("ts", "IP", "imei", "imsi", "idfa", "idfv", "model", "mac",
                "android_id", "app_version", "terminal", "sub_terminal", "network", "wifi_ssid", "wifi_mac",
                "platform", "uin", "doc_id", "video_time", "sub_ch", "source", "user_action", "play_action",
                "time_long", "complete", "data_source");
        assertThat(Arrays.stream(OmField.values()).filter(OmField::required).map(OmField::wireName))
                .containsExactly("IP", "imei", "imsi", "idfa", "android_id", "terminal", "platform", "doc_id",
                        "sub_ch", "source", "user_action", "play_action", "time_long", "data_source");
        assertThat(Arrays.stream(OmField.values()).filter(f -> f.type() == OmField.Type.BIGINT)
                .map(OmField::wireName)).containsExactly("ts", "video_time", "source", "user_action", "play_action",
                        "time_long", "complete");
    }

    @Test
    void fieldsMapIsUnmodifiable() throws Exception {
        NormalizedEvent event = accepted(seedRecord());
        assertThatThrownBy(() -> event.fields().put("ts", 1L)).isInstanceOf(UnsupportedOperationException.class);
    }

    // --- missing values -----------------------------------------------------------------------------

    @Test
    void emptyRecordEmitsEveryFieldWithNullForStringsZeroForBigintsAndTheDefaultDataSource() {
        NormalizedEvent event = accepted(Map.of());
        assertThat(event.fields().keySet()).containsExactlyElementsOf(OmField.names());
        for (OmField field : OmField.values()) {
            Object value = event.fields().get(field.wireName());
            if (field == OmField.DATA_SOURCE) {
                assertThat(value).isEqualTo("partner-default");
            } else if (field.type() == OmField.Type.BIGINT) {
                assertThat(value).as(field.wireName()).isEqualTo(0L);
            } else {
                assertThat(value).as(field.wireName()).isNull();
            }
        }
        // JSON null, never the text "null"
        assertThat(event.msg()).startsWith("{\"ts\":0,\"IP\":null,\"imei\":null,")
                .endsWith("\"complete\":0,\"data_source\":\"partner-default\"}")
                .doesNotContain("\"null\"");
    }

    @Test
    void jsonNullCountsAsMissing() throws Exception {
        NormalizedEvent event = accepted(json("{\"imei\":null,\"time_long\":null,\"data_source\":null}"));
        assertThat(event.fields().get("imei")).isNull();
        assertThat(event.fields().get("time_long")).isEqualTo(0L);
        assertThat(event.fields().get("data_source")).isEqualTo("partner-default");
    }

    @Test
    void recordDataSourceWinsOverTheDefault() throws Exception {
        assertThat(accepted(seedRecord()).fields().get("data_source")).isEqualTo("sogou");
    }

    @Test
    void withoutADefaultAMissingDataSourceIsNull() {
        OmEventNormalizer noDefault = new OmEventNormalizer(OmEventNormalizer.Settings.defaults("  "),
                Clock.fixed(NOW, ZoneOffset.UTC));
        NormalizedEvent event = (NormalizedEvent) noDefault.normalize(Map.of());
        assertThat(event.fields().get("data_source")).isNull();
        assertThat(event.msg()).endsWith("\"data_source\":null}");
    }

    @Test
    void emptyJsonStringIsAPresentValueForStringFieldsButMissingForDataSource() throws Exception {
        NormalizedEvent event = accepted(with(with(with(seedRecord(), "imei", ""), "IP", ""), "data_source", ""));
        assertThat(event.fields().get("imei")).isEqualTo("");
        assertThat(event.fields().get("IP")).isEqualTo("");
        assertThat(event.fields().get("data_source")).isEqualTo("partner-default");
        OmEventNormalizer noDefault = new OmEventNormalizer(OmEventNormalizer.Settings.defaults(null),
                Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(((NormalizedEvent) noDefault.normalize(Map.of("data_source", ""))).msg())
                .endsWith("\"data_source\":null}");
    }

    @Test
    void csvEmptyCellsAreMissingNullForStringsZeroForBigintsTheDefaultDataSource() throws Exception {
        // EventFileReader hands an empty CSV cell over as null
        Map<String, Object> row = new LinkedHashMap<>();
        for (String name : OmField.names()) {
            row.put(name, null);
        }
        row.put("doc_id", "D1");
        NormalizedEvent event = accepted(row);
        assertThat(event.fields().get("doc_id")).isEqualTo("D1");
        assertThat(event.fields().get("imei")).isNull();
        assertThat(event.fields().get("time_long")).isEqualTo(0L);
        assertThat(event.fields().get("data_source")).isEqualTo("partner-default");
        assertThat(event.msg()).contains("\"imei\":null").doesNotContain("\"\"");
    }

    @Test
    void emptyStringIsMissingForBigintFieldsBecauseThatIsHowCsvLeavesANumberOut() throws Exception {
        NormalizedEvent event = accepted(with(with(seedRecord(), "ts", ""), "complete", ""));
        assertThat(event.fields().get("ts")).isEqualTo(0L);
        assertThat(event.fields().get("complete")).isEqualTo(0L);
    }

    // --- bigint -------------------------------------------------------------------------------------

    @Test
    void csvRecordOfStringsIsAcceptedAndBigintsBecomeNumbers() throws Exception {
        Map<String, Object> csv = new LinkedHashMap<>();
        seedRecord().forEach((k, v) -> csv.put(k, String.valueOf(v)));
        NormalizedEvent event = accepted(csv);
        assertThat(event.fields().get("ts")).isEqualTo(1510662363L);
        assertThat(event.fields().get("time_long")).isEqualTo(200L);
        assertThat(JSON.readTree(event.msg())).isEqualTo(JSON.readTree(SEED_EXAMPLE));
    }

    @Test
    void decimalIntegerTextsAndJsonIntegersOfEveryJavaTypeAreAccepted() throws Exception {
        assertThat(accepted(with(seedRecord(), "time_long", "9223372036854775807")).fields().get("time_long"))
                .isEqualTo(Long.MAX_VALUE);
        assertThat(accepted(with(seedRecord(), "time_long", "007")).fields().get("time_long")).isEqualTo(7L);
        assertThat(accepted(with(seedRecord(), "time_long", "0")).fields().get("time_long")).isEqualTo(0L);
        assertThat(accepted(with(seedRecord(), "time_long", 5)).fields().get("time_long")).isEqualTo(5L);
        assertThat(accepted(with(seedRecord(), "time_long", 5L)).fields().get("time_long")).isEqualTo(5L);
        assertThat(accepted(with(seedRecord(), "time_long", (short) 5)).fields().get("time_long")).isEqualTo(5L);
        assertThat(accepted(with(seedRecord(), "time_long", BigInteger.valueOf(Long.MAX_VALUE)))
                .fields().get("time_long")).isEqualTo(Long.MAX_VALUE);
        // a JSON integer beyond long arrives from Jackson as BigInteger
        assertThat(json("{\"time_long\":9223372036854775807}").get("time_long")).isInstanceOf(Long.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "1.5", "1e3", " 7", "7 ", "+7", "0x10", "1_000", "١٢", "--1", "" + "\t"})
    void nonIntegerTextIsRejectedNamingFieldAndValue(String value) throws Exception {
        Rejection rejection = rejected(with(seedRecord(), "video_time", value));
        assertThat(rejection.messages()).containsExactly("video_time: \"" + value + "\" is not an integer");
        assertThat(rejection.reasons().get(0).key()).isEqualTo("video_time: not an integer");
        assertThat(rejection.reasons().get(0).field()).isEqualTo("video_time");
    }

    @Test
    void negativeValuesAreRejected() throws Exception {
        assertThat(reasonsFor("time_long", "-1")).containsExactly("time_long: -1 is negative");
        assertThat(reasonsFor("time_long", -1)).containsExactly("time_long: -1 is negative");
        assertThat(reasonsFor("time_long", -1L)).containsExactly("time_long: -1 is negative");
        assertThat(reasonsFor("time_long", new BigInteger("-99999999999999999999")))
                .containsExactly("time_long: -99999999999999999999 is negative");
        assertThat(rejected(with(seedRecord(), "time_long", "-1")).reasons().get(0).key())
                .isEqualTo("time_long: negative");
    }

    @Test
    void valuesBeyondTwoToTheSixtyThreeMinusOneAreRejected() throws Exception {
        assertThat(reasonsFor("time_long", "9223372036854775808"))
                .containsExactly("time_long: 9223372036854775808 is beyond 2^63-1");
        assertThat(reasonsFor("time_long", json("{\"t\":99999999999999999999}").get("t")))
                .containsExactly("time_long: 99999999999999999999 is beyond 2^63-1");
        assertThat(accepted(with(seedRecord(), "time_long", "9223372036854775807")).fields().get("time_long"))
                .isEqualTo(Long.MAX_VALUE);
        assertThat(accepted(with(seedRecord(), "time_long", "0".repeat(40) + "9223372036854775807")).fields()
                .get("time_long")).isEqualTo(Long.MAX_VALUE);
        assertThat(accepted(with(seedRecord(), "time_long", "0".repeat(40))).fields().get("time_long")).isEqualTo(0L);
    }

    @Test
    void aMillionDigitsAreRejectedAsTooLargeWithAShortQuote() throws Exception {
        // a 1 MiB record can hold them; parsed as a BigInteger they took 14 s of CPU
        String digits = "1".repeat(1_000_000);
        List<String> reasons = reasonsFor("time_long", digits);
        assertThat(reasons).hasSize(1);
        assertThat(reasons.get(0)).startsWith("time_long: 111").endsWith("... is beyond 2^63-1").hasSizeLessThan(200);
    }

    @Test
    void jsonFloatsAreRejectedEvenWhenIntegral() throws Exception {
        assertThat(reasonsFor("video_time", json("{\"v\":3.0}").get("v")))
                .containsExactly("video_time: 3.0 is not an integer (a JSON float)");
        assertThat(reasonsFor("video_time", json("{\"v\":1e3}").get("v")))
                .containsExactly("video_time: 1E+3 is not an integer (a JSON float)");
        assertThat(reasonsFor("video_time", 1.5d)).containsExactly("video_time: 1.5 is not an integer (a JSON float)");
        assertThat(reasonsFor("video_time", new BigDecimal("2")))
                .containsExactly("video_time: 2 is not an integer (a JSON float)");
    }

    @Test
    void booleansObjectsAndArraysAreNotIntegers() throws Exception {
        assertThat(reasonsFor("source", true)).containsExactly("source: is a boolean, not an integer");
        assertThat(reasonsFor("source", Map.of("a", 1))).containsExactly("source: is an object, not an integer");
        assertThat(reasonsFor("source", List.of(1))).containsExactly("source: is an array, not an integer");
    }

    @Test
    void enumerationRangesAreEnforced() throws Exception {
        assertThat(reasonsFor("user_action", 12)).containsExactly("user_action: 12 is out of range 0..11");
        assertThat(reasonsFor("user_action", "12")).containsExactly("user_action: 12 is out of range 0..11");
        assertThat(reasonsFor("source", 5)).containsExactly("source: 5 is out of range 0..4");
        assertThat(reasonsFor("play_action", 3)).containsExactly("play_action: 3 is out of range 0..2");
        assertThat(reasonsFor("complete", 3)).containsExactly("complete: 3 is out of range 0..2");
        assertThat(rejected(with(seedRecord(), "user_action", 12)).reasons().get(0).key())
                .isEqualTo("user_action: out of range");
        // the edges are allowed
        accepted(with(with(with(with(seedRecord(), "user_action", 11), "source", 4), "play_action", 2),
                "complete", 2));
        accepted(with(with(with(with(seedRecord(), "user_action", 0), "source", 0), "play_action", 0),
                "complete", 0));
    }

    @Test
    void nonEnumerationBigintsHaveNoUpperLimitBelowTwoToTheSixtyThree() throws Exception {
        accepted(with(with(seedRecord(), "video_time", Long.MAX_VALUE), "time_long", Long.MAX_VALUE));
    }

    // --- ts -----------------------------------------------------------------------------------------

    @Test
    void tsInMillisecondsIsRejected() throws Exception {
        assertThat(reasonsFor("ts", 1510662363000L)).containsExactly("ts: looks like milliseconds (1510662363000)");
        assertThat(reasonsFor("ts", "1510662363000")).containsExactly("ts: looks like milliseconds (1510662363000)");
        assertThat(rejected(with(seedRecord(), "ts", 1510662363000L)).reasons().get(0).key())
                .isEqualTo("ts: looks like milliseconds");
    }

    @Test
    void tsMoreThanTheSkewInTheFutureIsRejected() throws Exception {
        long now = NOW.getEpochSecond();
        accepted(with(seedRecord(), "ts", now));
        accepted(with(seedRecord(), "ts", now + 86_400));
        assertThat(reasonsFor("ts", now + 86_401))
                .containsExactly("ts: " + (now + 86_401) + " is more than PT24H in the future (now " + now + ")");
        assertThat(rejected(with(seedRecord(), "ts", now + 86_401)).reasons().get(0).key())
                .isEqualTo("ts: in the future");
    }

    @Test
    void skewIsConfigurableAndFollowsTheInjectedClock() throws Exception {
        long now = NOW.getEpochSecond();
        OmEventNormalizer strict = new OmEventNormalizer(
                new OmEventNormalizer.Settings(null, 1024, Duration.ofMinutes(5)), Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(strict.normalize(with(seedRecord(), "ts", now + 300)).accepted()).isTrue();
        assertThat(strict.normalize(with(seedRecord(), "ts", now + 301)).accepted()).isFalse();
        OmEventNormalizer later = new OmEventNormalizer(
                new OmEventNormalizer.Settings(null, 1024, Duration.ofMinutes(5)),
                Clock.fixed(NOW.plusSeconds(3600), ZoneOffset.UTC));
        assertThat(later.normalize(with(seedRecord(), "ts", now + 301)).accepted()).isTrue();
    }

    @Test
    void oldAndMissingTimestampsAreAccepted() throws Exception {
        accepted(with(seedRecord(), "ts", 1));
        accepted(with(seedRecord(), "ts", null));
        Map<String, Object> noTs = seedRecord();
        noTs.remove("ts");
        assertThat(accepted(noTs).fields().get("ts")).isEqualTo(0L);
    }

    // --- strings ------------------------------------------------------------------------------------

    @Test
    void numbersInStringFieldsAreRejectedNamingTheField() throws Exception {
        assertThat(reasonsFor("imei", 86641710)).containsExactly("imei: must be a string, not a number (86641710)");
        assertThat(reasonsFor("network", new BigDecimal("4.0")))
                .containsExactly("network: must be a string, not a number (4.0)");
        assertThat(rejected(with(seedRecord(), "imei", 86641710)).reasons().get(0).key())
                .isEqualTo("imei: not a string");
    }

    @Test
    void booleansObjectsAndArraysInStringFieldsAreRejected() throws Exception {
        assertThat(reasonsFor("uin", false)).containsExactly("uin: must be a string, not a boolean");
        assertThat(reasonsFor("model", Map.of("x", "y"))).containsExactly("model: must be a string, not an object");
        assertThat(reasonsFor("model", List.of("y"))).containsExactly("model: must be a string, not an array");
    }

    @Test
    void stringsLongerThanTheCapInCodePointsAreRejected() throws Exception {
        String atCap = "😀".repeat(1024); // 2048 UTF-16 chars, 1024 code points
        assertThat(accepted(with(seedRecord(), "model", atCap)).fields().get("model")).isEqualTo(atCap);
        assertThat(reasonsFor("model", atCap + "x")).containsExactly("model: is 1025 characters long, more than 1024");
        assertThat(rejected(with(seedRecord(), "model", atCap + "x")).reasons().get(0).key())
                .isEqualTo("model: too long");

        OmEventNormalizer small = new OmEventNormalizer(new OmEventNormalizer.Settings("s", 3, Duration.ofDays(1)));
        assertThat(small.normalize(Map.of("uin", "abc")).accepted()).isTrue();
        assertThat(small.normalize(Map.of("uin", "abcd")).accepted()).isFalse();
    }

    @Test
    void unpairedSurrogatesAreRejectedBecauseTheyCannotBeSentAsUtf8() throws Exception {
        assertThat(reasonsFor("model", "ab\uD83D")).containsExactly(
                "model: has an unpaired surrogate at index 2 (not encodable as UTF-8)");
        assertThat(reasonsFor("model", "\uDE00x")).hasSize(1);
    }

    @Test
    void chineseTextAndEmojiSurviveUnescaped() throws Exception {
        String text = "快报推荐流 👍🏽 café";
        NormalizedEvent event = accepted(with(with(seedRecord(), "sub_ch", text), "wifi_ssid", "咖啡☕"));
        assertThat(event.msg()).contains("\"sub_ch\":\"" + text + "\"").contains("\"wifi_ssid\":\"咖啡☕\"");
        assertThat(JSON.readTree(event.msg()).get("sub_ch").asText()).isEqualTo(text);
    }

    @Test
    void quotesBackslashesAndControlCharactersAreJsonEscaped() throws Exception {
        NormalizedEvent event = accepted(with(seedRecord(), "model", "a\"b\\c\nd\u0001"));
        assertThat(event.msg()).contains("\"model\":\"a\\\"b\\\\c\\nd\\u0001\"");
        assertThat(JSON.readTree(event.msg()).get("model").asText()).isEqualTo("a\"b\\c\nd\u0001");
    }

    // --- IP -----------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"10.1.1.191", "0.0.0.0", "255.255.255.255", "::", "::1", "2001:db8::8a2e:370:7334",
            "2001:0DB8:0000:0000:0000:0000:1428:57AB", "::ffff:10.1.1.191", "fe80::", "1:2:3:4:5:6:7::",
            "1:2:3:4:5:6:1.2.3.4"})
    void validIpLiteralsAreAccepted(String ip) throws Exception {
        assertThat(accepted(with(seedRecord(), "IP", ip)).fields().get("IP")).isEqualTo(ip);
    }

    @ParameterizedTest
    @ValueSource(strings = {"256.1.1.1", "10.1.1", "10.1.1.1.1", "010.1.1.1", "10.1.1.1 ", " 10.1.1.1", "1.2.3.-4",
            "localhost", "example.com", "a.b.c.d", "1:2:3:4:5:6:7:8:9", "1::2::3", ":::", "1:2:3:4:5:6:7:8::",
            "fe80::1%eth0", "[::1]", "12345::", "::g", "1.2.3.4::", "::1.2.3", "1:2:3:4:5:6:7:1.2.3.4", "10.1.1.1/24",
            "١٠.١.١.١"})
    void invalidIpLiteralsAreRejectedWithoutDns(String ip) throws Exception {
        Rejection rejection = rejected(with(seedRecord(), "IP", ip));
        assertThat(rejection.messages()).containsExactly("IP: \"" + ip + "\" is not an IPv4 or IPv6 address");
        assertThat(rejection.reasons().get(0).key()).isEqualTo("IP: not an IP address");
    }

    // --- unknown fields, case, all reasons ------------------------------------------------------------

    @Test
    void unknownFieldsAreDroppedAndReturnedInInputOrder() throws Exception {
        Map<String, Object> record = seedRecord();
        record.put("extra", "x");
        record.put("ipaddr", "10.0.0.1");
        record.put("nested", Map.of("a", 1));
        NormalizedEvent event = accepted(record);
        assertThat(event.unknownFields()).containsExactly("extra", "ipaddr", "nested");
        assertThat(event.fields()).doesNotContainKeys("extra", "ipaddr", "nested");
        assertThat(event.fields().get("IP")).isEqualTo("10.1.1.191");
        assertThat(event.msg()).doesNotContain("extra");
    }

    @Test
    void fieldNamesMatchInAnyCase() throws Exception {
        NormalizedEvent event = accepted(json("{\"ip\":\"10.0.0.1\",\"Data_source\":\"partner\",\"IMEI\":\"8664\","
                + "\"Ts\":1510662363,\"USER_ACTION\":2}"));
        assertThat(event.fields()).containsEntry("IP", "10.0.0.1").containsEntry("data_source", "partner")
                .containsEntry("imei", "8664").containsEntry("ts", 1510662363L).containsEntry("user_action", 2L);
        assertThat(event.unknownFields()).isEmpty();
        assertThat(event.msg()).contains("\"IP\":\"10.0.0.1\"").doesNotContain("\"ip\"");
        assertThat(rejected(Map.of("Complete", 7)).messages()).containsExactly("complete: 7 is out of range 0..2");
    }

    @Test
    void oneFieldNamedTwiceInDifferentCasesIsRejectedNamingBothKeys() throws Exception {
        Rejection rejection = rejected(json("{\"IP\":\"10.0.0.1\",\"doc_id\":\"d\",\"ip\":\"10.0.0.2\"}"));
        assertThat(rejection.messages()).containsExactly("IP: named twice, as \"IP\" and \"ip\"");
        assertThat(rejection.reasons().get(0).key()).isEqualTo("IP: named twice");
    }

    /** Every case variant of a name: one reason per field, so a record's reasons stay bounded. */
    @Test
    void aFieldNamedInManyCasesGivesOneReason() throws Exception {
        Map<String, Object> record = new LinkedHashMap<>();
        for (String name : List.of("sub_ch", "SUB_CH", "Sub_Ch", "sUb_ch")) {
            record.put(name, "x");
        }
        record.put("ip", "10.0.0.1");
        record.put("IP", "10.0.0.2");
        Rejection rejection = rejected(record);
        assertThat(rejection.messages()).containsExactlyInAnyOrder(
                "sub_ch: named 4 times, as \"sub_ch\", \"SUB_CH\" and others", "IP: named twice, as \"ip\" and \"IP\"");
        assertThat(rejection.reasons()).extracting(Rejection.Reason::key)
                .containsOnly("sub_ch: named twice", "IP: named twice");
    }

    @Test
    void unknownFieldNamesGoToTheListenerAcceptedOrRejected() throws Exception {
        List<List<String>> heard = new java.util.ArrayList<>();
        OmEventNormalizer listening = new OmEventNormalizer(OmEventNormalizer.Settings.defaults("p"),
                Clock.fixed(NOW, ZoneOffset.UTC), heard::add);
        listening.normalize(json("{\"ipaddr\":\"1\",\"doc_id\":\"d\",\"colour\":\"red\"}"));
        listening.normalize(json("{\"source\":9,\"colour\":\"red\"}"));
        listening.normalize(json("{\"doc_id\":\"d\"}"));
        assertThat(heard).containsExactly(List.of("ipaddr", "colour"), List.of("colour"));
    }

    @Test
    void rejectionsAlsoReportUnknownFields() throws Exception {
        Rejection rejection = rejected(with(with(seedRecord(), "user_action", 99), "colour", "red"));
        assertThat(rejection.unknownFields()).containsExactly("colour");
    }

    @Test
    void everyReasonIsReportedInFieldOrder() throws Exception {
        Map<String, Object> record = new HashMap<>();
        record.put("complete", 7);
        record.put("IP", "300.1.1.1");
        record.put("ts", 1510662363000L);
        record.put("imei", 12);
        record.put("user_action", "x");
        Rejection rejection = rejected(record);
        assertThat(rejection.messages()).containsExactly(
                "ts: looks like milliseconds (1510662363000)",
                "IP: \"300.1.1.1\" is not an IPv4 or IPv6 address",
                "imei: must be a string, not a number (12)",
                "user_action: \"x\" is not an integer",
                "complete: 7 is out of range 0..2");
    }

    @Test
    void longOffendingValuesAreShortenedInReasons() throws Exception {
        String digits = "9".repeat(5000);
        String message = reasonsFor("time_long", digits).get(0);
        assertThat(message).startsWith("time_long: 9999").endsWith("... is beyond 2^63-1");
        assertThat(message.length()).isLessThan(120);
    }

    @Test
    void settingsAreValidated() {
        assertThatThrownBy(() -> new OmEventNormalizer.Settings("s", 0, Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OmEventNormalizer.Settings("s", 10, Duration.ofDays(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(OmEventNormalizer.Settings.defaults("sogou")).isEqualTo(
                new OmEventNormalizer.Settings("sogou", 1024, Duration.ofDays(1)));
    }

    @Test
    void csvHeadersAreCanonicalisedCaseInsensitively() {
        assertThat(OmField.canonicalHeader("imei")).isEqualTo("imei");
        assertThat(OmField.canonicalHeader("IMEI")).isEqualTo("imei");
        assertThat(OmField.canonicalHeader("Ip")).isEqualTo("IP");
        assertThat(OmField.canonicalHeader(" ip ")).isEqualTo("IP");
        assertThat(OmField.canonicalHeader("Data_Source")).isEqualTo("data_source");
        assertThat(OmField.canonicalHeader(" Colour ")).isEqualTo("Colour");
        assertThat(OmField.isKnownHeader("SUB_CH")).isTrue();
        assertThat(OmField.isKnownHeader("subch")).isFalse();
        assertThat(OmField.byName("ip")).isEmpty();
        assertThat(OmField.byName("IP")).contains(OmField.IP);
        assertThat(OmField.byNameIgnoringCase("ip")).contains(OmField.IP);
        assertThat(OmField.byNameIgnoringCase(" ip")).isEmpty();
    }
}
