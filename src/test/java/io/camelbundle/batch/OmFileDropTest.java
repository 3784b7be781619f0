package io.camelbundle.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.camelbundle.sandbox.Faults.Kind;
import io.camelbundle.sandbox.OmSandbox;
import io.camelbundle.token.TokenControl;
import io.camelbundle.token.TokenTestState;
import io.quarkus.test.junit.QuarkusTest;

/** Files dropped into om.inbox, reported to the strict OM sandbox by routes/om-file-drop.camel.yaml. */
@QuarkusTest
class OmFileDropTest {

    static final String HEADER = "IP,imei,imsi,idfa,android_id,terminal,platform,doc_id,sub_ch,source,user_action,"
            + "play_action,time_long,ts,Unknown_Col";

    @ConfigProperty(name = "om.inbox")
    String inbox;

    @ConfigProperty(name = "om.reports")
    String reports;

    @ConfigProperty(name = "om.done")
    String done;

    @ConfigProperty(name = "om.failed")
    String failed;

    @Inject
    OmSandbox sandbox;

    @Inject
    TokenControl control;

    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void validToken() {
        TokenTestState.awaitValidToken(control);
    }

    @AfterEach
    void clearFaults() {
        sandbox.dataFaults().clear();
    }

    static String row(int i) {
        return "10.0.0." + (i % 250 + 1) + ",8664171" + i + ",imsi" + i + ",idfa,9774d56d682e549c,2,QQ,DOC" + i
                + ",快报推荐流 😀,2," + (i % 12) + ",0,200,1510662363,x";
    }

    /** Writes the file elsewhere, then moves it in: the inbox only ever sees complete files. */
    private void drop(String name, byte[] content) throws IOException {
        Path staging = Files.createTempFile("drop", ".tmp");
        Files.write(staging, content);
        Files.createDirectories(Path.of(inbox));
        Files.move(staging, Path.of(inbox, name), StandardCopyOption.ATOMIC_MOVE);
    }

    private JsonNode awaitReport(String name) {
        Path report = Path.of(reports, name + ".report.json");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(report));
        try {
            JsonNode node = json.readTree(report.toFile());
            long total = node.get("total").asLong();
            assertThat(total).as("counts add up").isEqualTo(node.get("sent").asLong() + node.get("rejected").asLong()
                    + node.get("failed").asLong() + node.get("skipped_duplicates").asLong());
            return node;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] csv(String... lines) {
        return String.join("\r\n", lines).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void csvFileIsReportedWithExactAccounting() throws Exception {
        int accepted = sandbox.acceptedEvents();
        byte[] bom = { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF };
        String body = "ip,IMEI,imsi,idfa,android_id,terminal,platform,doc_id,sub_ch,source,user_action,"
                + "play_action,time_long,ts,Unknown_Col\r\n" + row(1) + "\r\n" + row(2) + "\r\n"
                + "\"10.0.0.3\",\"with, comma\",\"quote \"\"q\"\"\",i,a,2,QQ,D3,\"multi\nline\",1,1,0,5,1510662363,y\r\n"
                + "10.0.0.4,i,i,i,a,2,QQ,D4,s,9,1,0,5,1510662363,z\r\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(bom);
        out.write(body.getBytes(StandardCharsets.UTF_8));
        drop("events-1.csv", out.toByteArray());

        JsonNode report = awaitReport("events-1.csv");
        assertThat(report.get("file").asText()).isEqualTo("events-1.csv");
        assertThat(report.get("total").asLong()).isEqualTo(4);
        assertThat(report.get("sent").asLong()).isEqualTo(3);
        assertThat(report.get("rejected").asLong()).isEqualTo(1);
        assertThat(report.get("rejections_by_reason").get("source: out of range").asLong()).isEqualTo(1);
        assertThat(report.get("unknown_fields").get("Unknown_Col").asLong()).isEqualTo(4);
        assertThat(sandbox.acceptedEvents() - accepted).isEqualTo(3);
        assertThat(sandbox.receivedEvents()).anyMatch(e -> e.get("sub_ch").asText().equals("快报推荐流 😀"))
                .anyMatch(e -> e.get("imei").asText().equals("with, comma") && e.get("sub_ch").asText().equals("multi\nline"));

        List<String> rejected = Files.readAllLines(Path.of(reports, "events-1.csv.rejected.jsonl"));
        assertThat(rejected).hasSize(1);
        JsonNode line = json.readTree(rejected.get(0));
        assertThat(line.get("line").asLong()).isEqualTo(6);
        assertThat(line.get("reasons").get(0).asText()).startsWith("source:");
        assertThat(line.get("record").get("doc_id").asText()).isEqualTo("D4");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(Path.of(done, "events-1.csv")));
    }

    @Test
    void gzippedJsonLinesAreReported() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(("{\"IP\":\"10.1.1.1\",\"doc_id\":\"J1\",\"user_action\":\"3\",\"sub_ch\":\"快报关注流\"}\n"
                    + "[1,2,3]\n"
                    + "{\"IP\":\"10.1.1.2\",\"doc_id\":\"J2\",\"user_action\":1.5}\n"
                    + "{\"IP\":\"10.1.1.3\",\"doc_id\":\"J3\",\"time_long\":99999999999999999999}\n"
                    + "{\"IP\":\"10.1.1.4\",\"doc_id\":\"J4\",\"source\":-1}\n").getBytes(StandardCharsets.UTF_8));
        }
        drop("events-2.jsonl.gz", bytes.toByteArray());
        JsonNode report = awaitReport("events-2.jsonl.gz");
        assertThat(report.get("total").asLong()).isEqualTo(5);
        assertThat(report.get("sent").asLong()).isEqualTo(1);
        assertThat(report.get("rejected").asLong()).isEqualTo(4);
    }

    @Test
    void aFileDroppedAgainSendsNothingNewAndSaysSo() throws Exception {
        byte[] content = csv(HEADER, row(10), row(11), row(12));
        drop("again.csv", content);
        assertThat(awaitReport("again.csv").get("sent").asLong()).isEqualTo(3);
        Files.delete(Path.of(reports, "again.csv.report.json"));
        int accepted = sandbox.acceptedEvents();

        drop("again.csv", content);
        JsonNode second = awaitReport("again.csv");
        assertThat(second.get("sent").asLong()).isZero();
        assertThat(second.get("skipped_duplicates").asLong()).isEqualTo(3);
        assertThat(sandbox.acceptedEvents()).isEqualTo(accepted);
    }

    @Test
    void undeliverableRecordsAreParkedAndReSentWhenDroppedBack() throws Exception {
        sandbox.dataFaults().rate(Kind.HTTP_500, 1.0);
        drop("flaky.csv", csv(HEADER, row(20), row(21)));
        JsonNode report = awaitReport("flaky.csv");
        assertThat(report.get("failed").asLong()).isEqualTo(2);
        Path parked = Path.of(reports, "flaky.csv.failed.jsonl");
        List<String> lines = Files.readAllLines(parked);
        assertThat(lines).hasSize(2).allMatch(l -> l.contains("\"_error\":\"OM answered HTTP 500\""));

        sandbox.dataFaults().clear();
        int accepted = sandbox.acceptedEvents();
        drop("flaky.csv.failed.jsonl", Files.readAllBytes(parked));
        JsonNode resent = awaitReport("flaky.csv.failed.jsonl");
        assertThat(resent.get("sent").asLong()).isEqualTo(2);
        assertThat(resent.get("rejected").asLong()).isZero();
        assertThat(sandbox.acceptedEvents() - accepted).isEqualTo(2);
        assertThat(sandbox.receivedEvents()).anyMatch(e -> e.get("doc_id").asText().equals("DOC20"));
    }

    @Test
    void unreadableFilesGoToTheFailedFolderWithAReport() throws Exception {
        drop("binary.csv", new byte[] { 0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 1, 2, 3, (byte) 0xFF, 0 });
        drop("empty.jsonl", new byte[0]);
        drop("noheader.csv", csv("1,2,3", "4,5,6"));
        for (String name : List.of("binary.csv", "empty.jsonl", "noheader.csv")) {
            JsonNode report = awaitReport(name);
            assertThat(report.get("error").asText()).as(name).isNotBlank();
            assertThat(report.get("total").asLong()).isZero();
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(Path.of(failed, name)));
        }
    }

    @Test
    void headerOnlyFileIsDoneWithNothingToSend() throws Exception {
        drop("header-only.csv", csv(HEADER));
        JsonNode report = awaitReport("header-only.csv");
        assertThat(report.get("total").asLong()).isZero();
        assertThat(report.has("error")).isFalse();
    }

    @Test
    void badRowsDoNotStopTheFile() throws Exception {
        byte[] invalidUtf8 = { (byte) 0xC3, (byte) 0x28 };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(csv(HEADER, row(30), "1,2,3", "").clone());
        out.write(("10.0.0.9,i,i,i,a,2,QQ,").getBytes(StandardCharsets.UTF_8));
        out.write(invalidUtf8);
        out.write((",s,1,1,0,5,1510662363,x\r\n" + row(31) + "\r\n").getBytes(StandardCharsets.UTF_8));
        drop("mixed.csv", out.toByteArray());
        JsonNode report = awaitReport("mixed.csv");
        assertThat(report.get("total").asLong()).isEqualTo(4);
        assertThat(report.get("sent").asLong()).isEqualTo(2);
        assertThat(report.get("rejected").asLong()).isEqualTo(2);
    }
}
