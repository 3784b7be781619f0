package io.camelbundle.it;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import io.camelbundle.support.QueryStrings;

/**
 * Restart safety of the TZE file drop with the packaged jar: kill -9 in the middle of a file, start again, stop
 * (SIGTERM) in the middle of the resumed file, and count on TZE's side that every line reached the person and at
 * most the one line in flight at the kill arrived twice (lines are sent one after the other).
 */
class CrashResumeTzeIT {

    private static final int LINES = 300;
    private static final String PERSON = "it-person";

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private WireMockServer tze;
    private Path data;
    private int port;
    private Process bundle;

    @BeforeEach
    void start() throws IOException {
        tze = new WireMockServer(options().dynamicPort().containerThreads(20));
        tze.start();
        // the OM token endpoint too, so the prod profile's OM credential does not fail noisily
        tze.stubFor(post(urlPathEqualTo("/omoauth2/accesstoken")).willReturn(okJson(
                "{\"code\":\"0\",\"msg\":\"success\",\"data\":{\"access_token\":\"it-token\",\"expires_in\":7200}}")));
        tze.stubFor(post(urlPathEqualTo("/oauth/getOauthToken")).willReturn(okJson(
                "{\"retCode\":\"000000\",\"retDesc\":\"success\",\"data\":{\"expiry\":"
                        + (System.currentTimeMillis() + Duration.ofDays(15).toMillis())
                        + ",\"oauthToken\":\"it-oauth-token\"}}")));
        tze.stubFor(post(urlPathEqualTo("/message/send"))
                .willReturn(okJson("{\"retCode\":\"000000\",\"retDesc\":\"success\",\"data\":{}}").withFixedDelay(20)));
        data = Files.createTempDirectory("tze-crash-resume");
        port = PackagedBundle.fixedPort();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (bundle != null) {
            bundle.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        tze.stop();
    }

    private Process startBundle(String logName) throws IOException {
        return PackagedBundle.start(data, logName, tze.baseUrl(),
                Map.of("TZE_API_URL", tze.baseUrl(), "TZE_ACCESS_TOKEN", "it-tze-access",
                        "TZE_OAUTH_LOGIN_URL", tze.baseUrl() + "/login",
                        "TZE_OAUTH_REDIRECT_URL", "http://localhost:" + port + "/tze/oauth/callback"),
                "quarkus.http.port=" + port,
                "tze.file-drop.stable-age-ms=1000"); // the restart, not the pick-up rule, is tested here
    }

    private int messageRequests() {
        return tze.countRequestsMatching(postRequestedFor(urlPathEqualTo("/message/send")).build()).getCount();
    }

    /**
     * The person authorises once, as the flow runs: a login link with its state for the person, then the
     * callback TZE's login would redirect the browser to, carrying that state.
     */
    private void bind() {
        HttpRequest linkRequest = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/tze/oauth/links"))
                .header("Authorization", "Bearer it-key").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"personId\":\"" + PERSON + "\"}")).build();
        String[] link = new String[1];
        await().atMost(Duration.ofSeconds(120)).ignoreExceptions().until(() -> {
            HttpResponse<String> answer = http.send(linkRequest, HttpResponse.BodyHandlers.ofString());
            link[0] = answer.statusCode() == 200 ? json.readTree(answer.body()).get("url").asText() : null;
            return link[0] != null;
        });
        String redirect = QueryStrings.parameter(link[0], "redirect_uri");
        URI callback = URI.create(redirect + "&personId=" + PERSON + "&oauthCode=it-code");
        assertThat(callback.toString()).startsWith("http://localhost:" + port + "/tze/oauth/callback?state=");
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> http.send(
                HttpRequest.newBuilder(callback).GET().build(), HttpResponse.BodyHandlers.ofString())
                .statusCode() == 200);
    }

    /** Starts the bundle, binds the person, drops the file and waits until a quarter of it reached TZE. */
    private Path startAndSendAQuarterOfABigFile() throws IOException {
        Path staging = stageBigFile();
        Path inbox = Files.createDirectories(data.resolve("inbox/tze-messages"));
        bundle = startBundle("first.log");
        bind();
        Files.move(staging, inbox.resolve("big.jsonl"), StandardCopyOption.ATOMIC_MOVE);
        await().atMost(Duration.ofSeconds(120)).until(() -> messageRequests() >= LINES / 4);
        return inbox;
    }

    private Path stageBigFile() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= LINES; i++) {
            lines.add("{\"personIds\":[\"" + PERSON
                    + "\"],\"message\":{\"msgtype\":\"text\",\"text\":{\"content\":\"line-"
                    + i + "\"}}}");
        }
        Path staging = data.resolve("staging.jsonl");
        Files.write(staging, lines, StandardCharsets.UTF_8);
        return staging;
    }

    /**
     * kill -9 in the middle of a file, start again, then SIGTERM in the middle of the resumed file. After the kill
     * at most the line in flight is sent twice. On the stop, the singleton file route is shut down last
     * (shutdownRoute: Defer), so the stop finishes the file in flight instead of failing every line left for a
     * stopped route, and the default H2 database stays open until Camel has stopped. The file is reported before
     * the process ends. One test for both stops: each start of the jar costs the suite seconds.
     */
    @Test
    void killedThenStoppedInTheMiddleOfAFileFailsNothingAndResendsAtMostTheLineInFlight() throws Exception {
        Path inbox = startAndSendAQuarterOfABigFile();
        bundle.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL: no shutdown hooks, no clean-up
        int beforeCrash = messageRequests();
        assertThat(beforeCrash).as("killed in the middle").isLessThan(LINES);
        assertThat(inbox.resolve("big.jsonl")).as("the file waits in the inbox").exists();

        bundle = startBundle("second.log");
        await().atMost(Duration.ofSeconds(120)).until(() -> messageRequests() >= beforeCrash + LINES / 4);
        int beforeStop = messageRequests();
        bundle.destroy(); // SIGTERM
        assertThat(beforeStop).as("stopped in the middle of the resumed file").isLessThan(LINES);
        assertThat(bundle.waitFor(60, TimeUnit.SECONDS)).as("stopped within Camel's shutdown timeout").isTrue();
        assertThat(Files.readString(data.resolve("second.log"))).as("the stop's log").contains("is shutting down")
                .doesNotContain("Database is already closed").doesNotContain(" ERROR ");

        JsonNode r = everyLineReachedThePersonOnce();
        assertThat(r.get("skipped_duplicates").asInt()).as("confirmed before the crash, not sent again")
                .isGreaterThanOrEqualTo(beforeCrash - 1);
    }

    /** The file's report, every line at TZE, at most the line in flight twice, nothing failed. */
    private JsonNode everyLineReachedThePersonOnce() throws IOException {
        Path report = data.resolve("reports/tze-messages/big.jsonl.report.json");
        await().atMost(Duration.ofSeconds(180)).until(() -> Files.exists(report));

        Map<String, Integer> received = new HashMap<>();
        for (ServeEvent event : tze.getAllServeEvents()) {
            if (event.getRequest().getUrl().startsWith("/message/send")) {
                received.merge(json.readTree(event.getRequest().getBodyAsString()).at("/text/content").asText(), 1,
                        Integer::sum);
            }
        }
        assertThat(received).as("every line reached the person").hasSize(LINES);
        int duplicates = messageRequests() - LINES;
        assertThat(duplicates).as("sent twice: at most the line in flight at the stop").isBetween(0, 1);

        JsonNode r = json.readTree(report.toFile());
        assertThat(r.get("lines").asInt()).isEqualTo(LINES);
        assertThat(r.get("requests_rejected").asInt()).isZero();
        assertThat(r.get("not_reached").size()).isZero();
        assertThat(r.at("/persons/sent").asInt() + r.get("skipped_duplicates").asInt()).isEqualTo(LINES);
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(data.resolve("done/tze-messages/big.jsonl")));
        return r;
    }
}
