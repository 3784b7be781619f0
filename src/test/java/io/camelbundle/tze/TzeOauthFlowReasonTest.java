package io.camelbundle.tze;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.camelbundle.tze.TzeOauthException.Kind;

/** The reason code the public callback page shows: a short code, never TZE's text. */
class TzeOauthFlowReasonTest {

    @Test
    void tzesRetCodeIsShownAsACode() {
        assertThat(TzeOauthFlow.reason(new TzeOauthException(Kind.REFUSED, "m", 0, "100003", "used")))
                .isEqualTo("refused:100003");
        assertThat(TzeOauthFlow.reason(new TzeOauthException(Kind.REFUSED, "m", 0, null, null)))
                .isEqualTo("refused:unknown");
    }

    @Test
    void textInTheRetCodeFieldIsCutAndSanitised() {
        String text = "Login failed for user <b>admin</b>, see https://tze.example/help " + "x".repeat(5000);
        String reason = TzeOauthFlow.reason(new TzeOauthException(Kind.ACCESS_TOKEN_REFUSED, "m", 0, text, null));
        assertThat(reason).hasSizeLessThanOrEqualTo(50).doesNotContain("<", " ", "https://");
    }

    @Test
    void theOtherKindsHaveFixedCodes() {
        assertThat(TzeOauthFlow.reason(new TzeOauthException(Kind.HTTP_STATUS, "m", 503, null, null)))
                .isEqualTo("http_503");
        assertThat(TzeOauthFlow.reason(new TzeOauthException(Kind.MALFORMED, "m"))).isEqualTo("bad_answer");
        assertThat(TzeOauthFlow.reason(new TzeOauthException(Kind.TIMEOUT, "m"))).isEqualTo("unreachable");
    }
}
