package io.camelbundle.token;

import static org.awaitility.Awaitility.await;

import java.time.Duration;

/**
 * The Quarkus tests share one running bundle; a test that breaks the token on purpose leaves it to the
 * timer route to recover. Tests that need a valid token start by waiting for one.
 */
public final class TokenTestState {

    private TokenTestState() {
    }

    public static void awaitValidToken(TokenControl control) {
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            control.accessToken("om");
            return true;
        });
    }
}
