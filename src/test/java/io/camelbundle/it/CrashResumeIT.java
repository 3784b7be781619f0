package io.camelbundle.it;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

/**
 * Restart safety of the file drop with the packaged jar: kill -9 in the middle of a file, start again, stop
 * (SIGTERM) in the middle of the resumed file, and count on the server side that every record arrived and at
 * most the in-flight ones arrived twice.
 */
class CrashResumeIT {

    private static final int RECORDS = 2000;
    private static final int CONCURRENCY = 4;
    /**
     * Records a kill can catch unfinished: each of the CONCURRENCY sending threads and the split's caller thread
     * (CallerRuns) has at most one record at OM and one confirmed record whose key is still being committed.
     */
    private static final int IN_FLIGHT = 2 * (CONCURRENCY + 1);

    private final ObjectMapper json = new ObjectMapper();
    private WireMockServer om;
    private Path data;
    private Process bundle;

    @BeforeEach
    void start() throws IOException {
        om = new WireMockServer(options().dynamicPort().containerThreads(40));
        om.start();
        om.stubFor(post(urlPathEqualTo("/omoauth2/accesstoken")).willReturn(okJson(
                "{\"code\":\"0\",\"msg\":\"success\",\"data\":{\"access_token\":\"it-token\",\"expires_in\":7200}}")));
        om.stubFor(post(urlPathEqualTo("/data/receiveclient"))
                .willReturn(okJson("{\"code\":0,\"msg\":\"SUCCESS\",\"data\":{}}").withFixedDelay(15)));
        data = Files.createTempDirectory("crash-resume");
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (bundle != null) {
            bundle.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        om.stop();
    }

    private Process startBundle(String logName) throws IOException {
        return PackagedBundle.start(data, logName, om.baseUrl(),
                Map.of("OM_DATA_SOURCE", "it", "OM_CONCURRENCY", String.valueOf(CONCURRENCY)), "quarkus.http.port=0",
                "om.file-drop.stable-age-ms=1000"); // the restart, not the pick-up rule, is tested here
    }

    private int dataRequests() {
        return om.countRequestsMatching(postRequestedFor(urlPathEqualTo("/data/receiveclient")).build()).getCount();
    }

    private Path dropBigFile() throws IOException {
        StringBuilder csv = new StringBuilder("IP,imei,doc_id,sub_ch,user_action,time_long\n");
        for (int i = 1; i <= RECORDS; i++) {
            csv.append("10.0.0.1,imei").append(i).append(",DOC-").append(i).append(",快报推荐流,2,100\n");
        }
        Path staging = data.resolve("staging.csv");
        Files.writeString(staging, csv, StandardCharsets.UTF_8);
        Path inbox = Files.createDirectories(data.resolve("inbox/om-events"));
        Files.move(staging, inbox.resolve("big.csv"), StandardCopyOption.ATOMIC_MOVE);
        return inbox;
    }

    /**
     * kill -9 in the middle of a file, start again, then SIGTERM (a Kubernetes rolling update, Ctrl+C) in the
     * middle of the resumed file. After the kill nothing is lost and at most the records in flight are sent twice.
     * On the stop, the singleton file route is shut down last (shutdownRoute: Defer), so the stop finishes the file
     * in flight instead of failing every record left for a stopped route, and the default H2 database stays open
     * until Camel has stopped (H2 closed itself in its own shutdown hook: "Database is already closed"). The file
     * is reported before the process ends. One test for both stops: each start of the jar costs the suite seconds.
     */
    @Test
    void killedThenStoppedInTheMiddleOfAFileLosesNothingFailsNothingAndResendsAtMostTheInFlightRecords()
            throws Exception {
        bundle = startBundle("first.log");
        Path inbox = dropBigFile();
        await().atMost(Duration.ofSeconds(120)).until(() -> dataRequests() >= RECORDS / 4);
        bundle.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL: no shutdown hooks, no clean-up
        int beforeCrash = dataRequests();
        assertThat(beforeCrash).as("killed in the middle").isLessThan(RECORDS);
        assertThat(inbox.resolve("big.csv")).as("the file waits in the inbox").exists();

        bundle = startBundle("second.log");
        await().atMost(Duration.ofSeconds(120)).until(() -> dataRequests() >= beforeCrash + RECORDS / 4);
        int beforeStop = dataRequests();
        bundle.destroy(); // SIGTERM
        assertThat(beforeStop).as("stopped in the middle of the resumed file").isLessThan(RECORDS);
        assertThat(bundle.waitFor(60, TimeUnit.SECONDS)).as("stopped within Camel's shutdown timeout").isTrue();
        String log = Files.readString(data.resolve("second.log"));
        assertThat(log).as("the stop's log").contains("is shutting down").doesNotContain("Database is already closed")
                .doesNotContain(" ERROR ");

        JsonNode r = everyRecordReachedOmOnce();
        assertThat(r.get("skipped_duplicates").asLong()).as("confirmed before the crash, not sent again")
                .isGreaterThanOrEqualTo(beforeCrash - (long) IN_FLIGHT);
    }

    /** The file's report, every record at OM, at most the in-flight ones twice, nothing failed. */
    private JsonNode everyRecordReachedOmOnce() throws IOException {
        Path report = data.resolve("reports/om-events/big.csv.report.json");
        await().atMost(Duration.ofSeconds(180)).until(() -> Files.exists(report));

        Set<String> docs = new HashSet<>();
        for (ServeEvent event : om.getAllServeEvents()) {
            if (event.getRequest().getUrl().startsWith("/data/receiveclient")) {
                String body = event.getRequest().getBodyAsString();
                String msg = URLDecoder.decode(body.substring(body.indexOf("msg=") + 4), StandardCharsets.UTF_8);
                docs.add(json.readTree(msg).get("doc_id").asText());
            }
        }
        assertThat(docs).as("every record reached OM").hasSize(RECORDS);
        int duplicates = dataRequests() - RECORDS;
        assertThat(duplicates).as("sent twice: at most the records in flight at the stop").isBetween(0, IN_FLIGHT);

        JsonNode r = json.readTree(report.toFile());
        assertThat(r.get("total").asLong()).isEqualTo(RECORDS);
        assertThat(r.get("failed").asLong()).isZero();
        assertThat(r.get("rejected").asLong()).isZero();
        assertThat(r.get("sent").asLong() + r.get("skipped_duplicates").asLong()).isEqualTo(RECORDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(data.resolve("done/om-events/big.csv")));
        return r;
    }
}
