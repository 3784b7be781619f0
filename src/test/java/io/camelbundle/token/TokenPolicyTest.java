package io.camelbundle.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class TokenPolicyTest {

    private final TokenPolicy policy = TokenPolicy.defaults();

    @RepeatedTest(20)
    void marginIsTheLargerOfTenMinutesAndTenPercentPlusJitter() {
        assertThat(policy.refreshLeadMillis(Duration.ofHours(2).toMillis())).isBetween(720_000L, 750_000L);
        assertThat(policy.refreshLeadMillis(Duration.ofHours(1).toMillis())).isBetween(600_000L, 630_000L);
    }

    @RepeatedTest(20)
    void marginOfAShortLivedTokenIsCappedAtHalfItsLifetime() {
        assertThat(policy.refreshLeadMillis(4_000)).isBetween(2_000L, 2_400L);
    }

    @Test
    void backoffDoublesUpToTheCeiling() {
        assertThat(policy.backoffMillis(1)).isBetween(800L, 1_200L);
        assertThat(policy.backoffMillis(2)).isBetween(1_600L, 2_400L);
        assertThat(policy.backoffMillis(4)).isBetween(6_400L, 9_600L);
        assertThat(policy.backoffMillis(40)).isBetween(240_000L, 360_000L);
    }
}
