package io.camelbundle.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The readiness check's background refresh: fetches a missing token, one run at a time. */
class TokenRecoveryTest {

    private final CountingTokenSource source = new CountingTokenSource("om");
    private final TokenControl control = new TokenControl(new TokenStore(TestDatabases.h2()), List.of(source),
            TokenPolicy.defaults(), Clock.systemUTC(), TokenListener.NONE, "recovery-test");
    private final TokenRecovery recovery = new TokenRecovery(control);

    @AfterEach
    void stop() {
        recovery.stop();
    }

    @Test
    void aMissingTokenIsFetchedInTheBackground() {
        assertThat(control.peek("om").accessToken()).isNull();
        recovery.kick();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> control.peek("om").validAt(System.currentTimeMillis(), 0));
        assertThat(source.calls()).isEqualTo(1);
    }

    @Test
    void kicksWhileARefreshRunsDoNotStartAnother() {
        source.delay(500);
        for (int i = 0; i < 20; i++) {
            recovery.kick();
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> control.peek("om").validAt(System.currentTimeMillis(), 0));
        recovery.kick(); // the token is valid now: nothing is due
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> source.calls() == 1);
    }
}
