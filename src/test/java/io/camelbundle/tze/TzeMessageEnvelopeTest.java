package io.camelbundle.tze;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.camelbundle.tze.TzeMessageEnvelope.Mode;

/** Both ways a message may name its user, since TZE does not publish which one it uses. */
class TzeMessageEnvelopeTest {

    private final ObjectNode wire = new ObjectMapper().createObjectNode().put("msgtype", "text");

    @Test
    void queryModeNamesTheUserInTheQueryAndLeavesTheBodyAlone() {
        assertThat(TzeMessageEnvelope.query("https://api.tze.cn/message/send", Mode.QUERY, "a+b", "p 1", "t&2"))
                .isEqualTo("accessToken=a%2Bb&personId=p+1&oauthToken=t%262");
        assertThat(TzeMessageEnvelope.body(Mode.QUERY, wire, "p1", "t2")).isEqualTo(wire);
    }

    @Test
    void bodyModeAddsTopLevelFieldsToACopy() {
        assertThat(TzeMessageEnvelope.query("http://x/send?v=1", Mode.BODY, "a", "p1", "t2"))
                .as("the configured URL's own query first").isEqualTo("v=1&accessToken=a");
        ObjectNode body = TzeMessageEnvelope.body(Mode.BODY, wire, "p1", "t2");
        assertThat(body.toString()).isEqualTo("{\"msgtype\":\"text\",\"personId\":\"p1\",\"oauthToken\":\"t2\"}");
        assertThat(wire.size()).isEqualTo(1);
    }
}
