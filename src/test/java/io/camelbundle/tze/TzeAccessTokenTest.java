package io.camelbundle.tze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.camelbundle.token.TokenUnavailableException;

/** The one read of the platform accessToken that the message send and the OAuth exchange share. */
class TzeAccessTokenTest {

    private static IllegalStateException failure(boolean transientNow, String message) {
        return new IllegalStateException((transientNow ? "transient: " : "permanent: ") + message);
    }

    @Test
    void aTokenIsReturnedAsItIs() {
        TzeAccessToken token = () -> "tok-1";
        assertThat(token.forCall(TzeAccessTokenTest::failure)).isEqualTo("tok-1");
    }

    @Test
    void noTokenRightNowIsTransientAndGivesTheControlsReason() {
        TzeAccessToken token = () -> {
            throw new TokenUnavailableException("tze", "the last refresh failed");
        };
        assertThatThrownBy(() -> token.forCall(TzeAccessTokenTest::failure))
                .hasMessage("transient: no TZE platform accessToken right now: the last refresh failed");
    }

    @Test
    void aMissingOrBlankTokenMeansTzeIsNotConfigured() {
        for (TzeAccessToken token : new TzeAccessToken[]{() -> null, () -> " "}) {
            assertThatThrownBy(() -> token.forCall(TzeAccessTokenTest::failure))
                    .hasMessage("permanent: tze.access-token is not configured");
        }
    }
}
