package io.camelbundle.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.camelbundle.http.RawHttp.Answer;
import io.camelbundle.support.Management;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The admission policy of the HTTP endpoints (bundle.http.*): the key before the body, body limits per endpoint
 * with and without Content-Length, the bound on bodies held at once, and health and metrics off the public port.
 */
@QuarkusTest
class IngressPolicyTest {

    private static final String AUTH = "Authorization: Bearer test-api-key-5b2c";
    private static final List<String> KEYED_POSTS = List.of("/tze/messages", "/openapi/v3/user/get_info",
            "/openapi/openkey/renew", "/tze/oauth/links", "/tokens/om", "/tze/bindings/p-1");

    @Inject
    IngressConfig config;

    @Test
    void aKeyedEndpointAnswers401WithoutReadingTheBody() throws IOException {
        for (String path : KEYED_POSTS) {
            for (String[] auth : List.of(new String[0], new String[]{"Authorization: Bearer wrong"})) {
                // 900 bytes declared (within every limit), 10 sent: an answer now means the body was not awaited
                try (RawHttp http = RawHttp.open()) {
                    String[] headers = concat(auth, "Content-Type: application/json", "Content-Length: 900");
                    Answer answer = http.head("POST", path, headers).send(bytes(10)).answer();
                    assertThat(answer.status()).as(path + " " + Arrays.toString(auth) + ": " + answer.text())
                            .isEqualTo(401);
                    assertThat(answer.text()).containsIgnoringCase("WWW-Authenticate: Bearer");
                    assertThat(JsonPath.from(answer.body()).getString("error")).isEqualTo("unauthorized");
                    assertThat(http.closedByServer()).as(path + ": the rest of the body is never read").isTrue();
                }
            }
        }
    }

    @Test
    void aBodyAboveItsEndpointsLimitIs413BeforeItIsRead() throws IOException {
        for (String[] endpoint : limits()) {
            String path = endpoint[0];
            long limit = config.endpoints().get(endpoint[1]).maxBodySize().asLongValue();
            try (RawHttp http = RawHttp.open()) {
                Answer answer = http.head("POST", path, AUTH, "Content-Type: application/json",
                        "Content-Length: " + (limit + 1)).answer();
                assertTooLarge(path, endpoint[1], answer);
            }
        }
    }

    @Test
    void aChunkedBodyIsCutOffWithA413AtItsEndpointsLimit() throws IOException {
        for (String[] endpoint : limits()) {
            String path = endpoint[0];
            long limit = config.endpoints().get(endpoint[1]).maxBodySize().asLongValue();
            try (RawHttp http = RawHttp.open()) {
                http.head("POST", path, AUTH, "Content-Type: application/json", "Transfer-Encoding: chunked");
                // past the limit, but not the last chunk: only a cut-off answers now
                for (long sent = 0; sent <= limit; sent += 1024) {
                    http.chunk(bytes(1024));
                }
                assertTooLarge(path, endpoint[1], http.answer());
            }
        }
    }

    @Test
    void aChunkedBodyWithinTheLimitReachesTheRoute() throws IOException {
        try (RawHttp http = RawHttp.open()) {
            Answer answer = http.head("POST", "/tze/messages", AUTH, "Content-Type: application/json",
                    "Transfer-Encoding: chunked").chunk("{\"personIds\":".getBytes(StandardCharsets.UTF_8))
                    .chunk("[],\"template\":\"none\"}".getBytes(StandardCharsets.UTF_8)).lastChunk().answer();
            assertThat(answer.status()).as(answer.text()).isEqualTo(400);
            assertThat(JsonPath.from(answer.body()).getString("error")).isEqualTo("invalid_request");
        }
    }

    @Test
    void bodiesHeldAtOnceStayWithinTheBudget() throws IOException {
        long declared = 60_000;
        long fit = config.maxBufferedBodies().asLongValue() / declared;
        List<RawHttp> slowSenders = new ArrayList<>();
        try {
            // slow senders declare a body and send a byte of it; each holds its share until the budget is gone
            for (int i = 0; i < fit - 5; i++) {
                slowSenders.add(RawHttp.open().head("POST", "/tze/messages", AUTH, "Content-Type: application/json",
                        "Content-Length: " + declared).send(bytes(1)));
            }
            Answer refused = null;
            while (refused == null && slowSenders.size() <= fit + 10) {
                RawHttp sender = RawHttp.open().timeout(200).head("POST", "/tze/messages", AUTH,
                        "Content-Type: application/json", "Content-Length: " + declared).send(bytes(1));
                Answer answer = sender.answer();
                if (answer.status() == 503) {
                    refused = answer;
                    sender.close();
                } else {
                    assertThat(answer.status()).as(answer.text()).isEqualTo(-1);
                    slowSenders.add(sender);
                }
            }
            assertThat(refused).as("a sender past the budget is refused").isNotNull();
            assertThat((long) slowSenders.size()).as("senders held at once").isLessThanOrEqualTo(fit);
            assertThat(refused.text()).containsIgnoringCase("Retry-After: 1");
            assertThat(JsonPath.from(refused.body()).getString("error")).isEqualTo("busy");
        } finally {
            for (RawHttp sender : slowSenders) {
                sender.close();
            }
        }
        // the senders are gone, and with them their reservations
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().header("Authorization", AUTH.substring(15))
                .contentType("application/json").body("{\"personIds\":[]}").when().post("/tze/messages")
                .then().statusCode(400));
    }

    @Test
    void unauthenticatedRequestsAddNoUriTagToTheMetrics() {
        String marker = "probe-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            given().when().get("/openapi/v3/" + marker + "-" + i).then().statusCode(401);
            given().when().get("/tokens/" + marker + "-" + i).then().statusCode(401);
            given().body("{}").when().post("/tze/messages").then().statusCode(401);
        }
        String metrics = given().when().get(Management.url("/q/metrics")).then().statusCode(200).extract().asString();
        assertThat(metrics).contains("http_server_requests_seconds_count").doesNotContain(marker);
    }

    @Test
    void anUnknownCredentialIsOnlySaidToBeUnknown() {
        String body = given().header("Authorization", AUTH.substring(15)).when().get("/tokens/nope-x")
                .then().statusCode(404).body("error", equalTo("unknown_credential"))
                .body("reason", equalTo("no credential named 'nope-x'")).extract().asString();
        assertThat(body).doesNotContain("\"om\"").doesNotContain("tze").doesNotContain("configured");
    }

    @Test
    void healthAndMetricsAreOnTheManagementPortOnly() {
        given().when().get("/q/health/live").then().statusCode(404);
        given().when().get("/q/metrics").then().statusCode(404);
        given().when().get(Management.url("/q/health/live")).then().statusCode(200);
        given().when().get(Management.url("/q/metrics")).then().statusCode(200);
        // the public callback needs no key
        given().when().get("/tze/oauth/callback").then().statusCode(400);
    }

    /** A path of each limited endpoint and the endpoint's name under bundle.http.endpoints. */
    private static List<String[]> limits() {
        return List.of(new String[]{"/tze/messages", "tze-messages"},
                new String[]{"/openapi/v3/user/get_info", "openapi"},
                new String[]{"/openapi/openkey/renew", "openapi"}, new String[]{"/tokens/om", "tokens"},
                new String[]{"/tze/bindings/p-1", "tze-bindings"}, new String[]{"/tze/oauth/links", "tze-oauth-links"});
    }

    private static void assertTooLarge(String path, String endpoint, Answer answer) {
        assertThat(answer.status()).as(path + ": " + answer.text()).isEqualTo(413);
        assertThat(answer.text()).containsIgnoringCase("Content-Type: application/json");
        JsonPath json = JsonPath.from(answer.body());
        assertThat(json.getString("error")).isEqualTo("too_large");
        assertThat(json.getString("reason")).contains("bundle.http.endpoints." + endpoint + ".max-body-size");
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) 'x');
        return b;
    }

    private static String[] concat(String[] first, String... rest) {
        String[] all = Arrays.copyOf(first, first.length + rest.length);
        System.arraycopy(rest, 0, all, first.length, rest.length);
        return all;
    }
}
