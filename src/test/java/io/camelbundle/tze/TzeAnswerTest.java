package io.camelbundle.tze;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** What the bundle repeats of TZE's retDesc: never the call's tokens, in whatever encoding TZE echoes them. */
class TzeAnswerTest {

    private static final String PLATFORM = "platform+access/token=1";
    private static final String OAUTH = "person oauth&token";

    private static TzeAnswer refusal(String retDesc) {
        ObjectNode root = new ObjectMapper().createObjectNode().put("retCode", "100004").put("retDesc", retDesc);
        return TzeAnswer.of(root);
    }

    @Test
    void theCallsTokensAreMaskedRawAndUrlEncoded() {
        String desc = "oauthToken invalid: accessToken=" + URLEncoder.encode(PLATFORM, StandardCharsets.UTF_8)
                + "&oauthToken=" + URLEncoder.encode(OAUTH, StandardCharsets.UTF_8).replace("+", "%20") + " raw="
                + OAUTH + " plus=" + URLEncoder.encode(OAUTH, StandardCharsets.UTF_8);
        String safe = refusal(desc).safeDesc(300, PLATFORM, OAUTH);
        assertThat(safe).isEqualTo("oauthToken invalid: accessToken=****&oauthToken=**** raw=**** plus=****");
    }

    @Test
    void lineBreaksAndControlCharactersOfTheDescriptionBecomeSpaces() {
        // the text goes on to log lines and reports: a line break in it would start a forged log line
        assertThat(refusal("bad token\r\n12:00:00 INFO forged\u0000\u2028x").safeDesc(300, PLATFORM, OAUTH))
                .isEqualTo("bad token  12:00:00 INFO forged  x");
    }

    @Test
    void theDescriptionIsCutAfterMasking() {
        String safe = refusal("x".repeat(10) + OAUTH).safeDesc(12, PLATFORM, OAUTH);
        assertThat(safe).isEqualTo("xxxxxxxxxx**...");
    }
}
