package io.camelbundle.om;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/**
 * An event given as text or bytes (a queue message, a route's body) is read as strictly as a file's JSON line:
 * nothing is dropped unseen, nothing ambiguous or garbled is sent.
 */
class OmEventsTest {

    private static final String EVENT = "{\"IP\":\"10.1.1.191\",\"imei\":\"86641710\",\"doc_id\":\"20171113A0FLVE\","
            + "\"sub_ch\":\"快报推荐流\",\"user_action\":2,\"data_source\":\"sogou\"}";

    private final OmEvents events = new OmEvents(new OmEventNormalizer(OmEventNormalizer.Settings.defaults("sogou")));

    private void refused(Object event, String reason) {
        assertThatThrownBy(() -> events.msg(event)).as("%s", event).isInstanceOf(OmEventRejectedException.class)
                .satisfies(e -> assertThat(((OmEventRejectedException) e).reasons()).containsExactly(reason));
    }

    @Test
    void oneEventAsTextOrUtf8BytesIsSent() {
        assertThat(events.msg(EVENT)).contains("\"sub_ch\":\"快报推荐流\"");
        assertThat(events.msg(EVENT.getBytes(StandardCharsets.UTF_8))).contains("\"sub_ch\":\"快报推荐流\"");
        assertThat(events.msg("\uFEFF" + EVENT)).as("a byte order mark").contains("\"imei\":\"86641710\"");
    }

    /** JSON Lines put on a queue as one message: the second event would have been lost without a trace. */
    @Test
    void aSecondValueAfterTheEventIsRefused() {
        refused(EVENT + "\n" + EVENT.replace("86641710", "99999999"), "record: more than one JSON value");
        assertThatThrownBy(() -> events.msg(EVENT + " trailing garbage")).isInstanceOf(OmEventRejectedException.class)
                .satisfies(e -> assertThat(((OmEventRejectedException) e).reasons()).singleElement().asString()
                        .startsWith("record: not valid JSON: Unrecognized token 'trailing'"));
    }

    @Test
    void aFieldNamedTwiceIsRefused() {
        assertThatThrownBy(() -> events.msg(EVENT.replace("\"imei\":\"86641710\"",
                "\"imei\":\"86641710\",\"imei\":\"11111111\""))).isInstanceOf(OmEventRejectedException.class)
                .satisfies(e -> assertThat(((OmEventRejectedException) e).reasons()).singleElement().asString()
                        .startsWith("record: not valid JSON: Duplicate field 'imei'"));
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedNotSentAsReplacementCharacters() {
        // byte 73: the first byte of sub_ch's GBK text
        refused(EVENT.getBytes(Charset.forName("GBK")), "record: not valid UTF-8 (byte 73)");
    }

    @Test
    void whatIsNoJsonObjectIsRefused() {
        refused("[1]", "record: not a JSON object");
        refused("", "record: not a JSON object");
        assertThatThrownBy(() -> events.msg("{\"imei\":")).isInstanceOf(OmEventRejectedException.class)
                .satisfies(e -> assertThat(((OmEventRejectedException) e).reasons()).singleElement().asString()
                        .startsWith("record: not valid JSON: "));
    }
}
