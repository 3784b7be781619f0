package io.camelbundle.support;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.camelbundle.sandbox.Faults.Kind;
import io.camelbundle.sandbox.OmSandbox;
import io.camelbundle.token.TokenControl;
import io.camelbundle.token.TokenUnavailableException;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Captures every log record of a full token cycle with failures (HTTP 500, timeout, malformed JSON, error
 * code, vendor rejection, unauthorised and unavailable API calls) and asserts that no secret appears.
 */
@QuarkusTest
class SecretsNeverLoggedTest {

    private static final String API_KEY = "test-api-key-5b2c";

    @Inject
    OmSandbox sandbox;

    @Inject
    TokenControl control;

    private final List<String> captured = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            StringBuilder text = new StringBuilder(String.valueOf(record.getMessage()));
            if (record.getParameters() != null) {
                for (Object p : record.getParameters()) {
                    text.append(' ').append(p);
                }
            }
            text.append(' ').append(new java.util.logging.SimpleFormatter().formatMessage(record));
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                text.append(' ').append(trace);
            }
            captured.add(text.toString());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void startCapture() {
        io.camelbundle.token.TokenTestState.awaitValidToken(control);
        capture.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void stopCapture() {
        Logger.getLogger("").removeHandler(capture);
        sandbox.tokenFaults().clear();
        io.camelbundle.token.TokenTestState.awaitValidToken(control);
    }

    @Test
    void noSecretInTheLogsOfAFullTokenCycleWithFailures() {
        String first = control.accessToken("om");
        for (Kind kind : List.of(Kind.HTTP_500, Kind.TIMEOUT, Kind.MALFORMED, Kind.ERROR_CODE)) {
            control.expireIfCurrent("om", control.peek("om").accessToken());
            sandbox.tokenFaults().failNext(kind, 1);
            try {
                control.accessToken("om");
            } catch (TokenUnavailableException expected) {
                // clear error: logged by the control, checked below
            }
            // wait out the backoff: the timer route fetches a new token
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> control.peek("om").validAt(System.currentTimeMillis(), 1000));
        }
        String current = control.accessToken("om");
        control.expireIfCurrent("om", current); // as a route does when OM calls the token invalid
        control.accessToken("om");

        given().when().get("/tokens/om").then().statusCode(401);
        given().header("Authorization", "Bearer not-" + API_KEY).when().get("/tokens/om").then().statusCode(401);
        sandbox.tokenFaults().rate(Kind.HTTP_500, 1.0);
        control.expireIfCurrent("om", control.peek("om").accessToken());
        given().header("Authorization", "Bearer " + API_KEY).when().get("/tokens/om").then().statusCode(503);

        assertThat(captured).as("the cycle logged its failures").anyMatch(l -> l.contains("token refresh failed"));
        assertThat(captured).as("a failed fetch (here the timeout) is the control's one line, not Camel's error log")
                .noneMatch(l -> l.contains("Failed delivery for") || l.contains("Message History"));
        List<String> secrets = new ArrayList<>(sandbox.issuedTokens());
        assertThat(secrets).contains(first);
        secrets.add(sandbox.clientSecretForTests());
        secrets.add(API_KEY);
        for (String line : captured) {
            for (String secret : secrets) {
                assertThat(line).as("a log record").doesNotContain(secret);
            }
        }
    }

    @Test
    void anErrorAnswerEchoingTheClientSecretReachesNoPublicSurfaceNorTheLog() {
        String secret = sandbox.clientSecretForTests();
        String plus = java.net.URLEncoder.encode(secret, java.nio.charset.StandardCharsets.UTF_8);
        String base64 = java.util.Base64.getEncoder()
                .encodeToString(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        sandbox.tokenFaults().rate(Kind.ECHO, 1.0);
        control.expireIfCurrent("om", control.peek("om").accessToken());

        String body = given().header("Authorization", "Bearer " + API_KEY).when().get("/tokens/om").then()
                .statusCode(503).extract().asString();
        String ready = given().when().get(Management.url("/q/health/ready")).then().extract().asString();
        String stored = control.peek("om").lastError();
        sandbox.tokenFaults().rate(Kind.ECHO, 0.0);

        assertThat(body).contains("refused:40013");
        assertThat(stored).isEqualTo("refused:40013");
        assertThat(captured).as("the vendor's text is logged, masked")
                .anyMatch(l -> l.contains("invalid request client_secret=****"));
        List<String> surfaces = new ArrayList<>(captured);
        surfaces.add(body);
        surfaces.add(ready);
        for (String text : surfaces) {
            assertThat(text).doesNotContain(secret).doesNotContain(plus).doesNotContain(base64);
        }
    }
}
