package io.camelbundle.om.filedrop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.file.FileEndpoint;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.camelbundle.filedrop.FileEndpoints;
import io.camelbundle.sandbox.Faults.Kind;
import io.camelbundle.sandbox.OmSandbox;
import io.camelbundle.support.Sha256;
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

    @ConfigProperty(name = "om.file-drop.max-rejected-bytes")
    long maxRejectedBytes;

    @Inject
    OmSandbox sandbox;

    @Inject
    DataSource dataSource;

    @Inject
    ProducerTemplate producer;

    @Inject
    CamelContext camel;

    @ConfigProperty(name = "om.file-drop.poll-interval-ms")
    long pollInterval;

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

    /**
     * Waits until the file {@code name} has moved from the inbox to om.done, which happens just after its report
     * is written. Only then may a file of the same name be dropped again to be reported under that name: one
     * renamed over a file still being processed is kept in the inbox under a numbered name (DropFolders).
     */
    private void awaitDone(String name) {
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(Path.of(done, name)));
    }

    private static byte[] csv(String... lines) {
        return String.join("\r\n", lines).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void csvFileIsReportedWithExactAccounting() throws Exception {
        int accepted = sandbox.acceptedEvents();
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
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
                .anyMatch(e -> e.get("imei").asText().equals("with, comma")
                        && e.get("sub_ch").asText().equals("multi\nline"));

        List<String> rejected = Files.readAllLines(Path.of(reports, "events-1.csv.rejected.jsonl"));
        assertThat(rejected).hasSize(1);
        JsonNode line = json.readTree(rejected.get(0));
        assertThat(line.get("line").asLong()).isEqualTo(6);
        assertThat(line.get("reasons").get(0).asText()).startsWith("source:");
        assertThat(line.get("record").get("doc_id").asText()).isEqualTo("D4");
        awaitDone("events-1.csv");
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
    void aFileThatBreaksPartWayIsReportedWithWhereItStopped() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write((HEADER + "\n").getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 3000; i++) {
                gz.write((row(NEXT_ROW.incrementAndGet()) + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] whole = bytes.toByteArray();
        byte[] truncated = java.util.Arrays.copyOf(whole, whole.length * 2 / 3);
        long complete = completeRecordsBeforeTheBreak(truncated);
        int accepted = sandbox.acceptedEvents();
        drop("truncated.csv.gz", truncated);

        JsonNode report = awaitReport("truncated.csv.gz");
        assertThat(report.get("total").asLong()).as("records before the break").isEqualTo(complete);
        assertThat(report.get("error").asText()).startsWith("reading stopped after " + complete + " records: ")
                .contains("Unexpected end of ZLIB input stream");
        // every complete record before the break is sent and counted, the last one too, and no send that
        // was still running when reading stopped is missing from the report
        assertThat(report.get("total").asLong()).isEqualTo(complete).isPositive().isLessThan(3000);
        assertThat(report.get("sent").asLong()).isEqualTo(complete);
        assertThat(sandbox.acceptedEvents() - accepted).as("accepted by OM").isEqualTo(complete);
        assertThat(report.get("finished").isNull()).isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(Path.of(failed, "truncated.csv.gz")));

        drop("after-truncated.csv", csv(HEADER, row(NEXT_ROW.incrementAndGet())));
        assertThat(awaitReport("after-truncated.csv").get("sent").asLong()).isEqualTo(1);
    }

    /** Complete lines after the header that a gzip cut short still yields before it breaks. */
    private static long completeRecordsBeforeTheBreak(byte[] gzip) {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(
                new java.io.ByteArrayInputStream(gzip))) {
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) > 0;) {
                text.write(buffer, 0, n);
            }
        } catch (IOException expected) {
            // the break: what came before it counts
        }
        long lines = text.toString(StandardCharsets.UTF_8).chars().filter(c -> c == '\n').count();
        return lines - 1; // the header
    }

    @Test
    void aFileRenamedOntoTheNameOfOneBeingProcessedIsReadToo() throws Exception {
        int accepted = sandbox.acceptedEvents();
        // the first file's only event hangs at OM (a timeout, then a retry): the file stays in process meanwhile
        sandbox.dataFaults().failNext(Kind.TIMEOUT, 1);
        drop("replaced.csv", csv(HEADER, row(40)));
        await().atMost(Duration.ofSeconds(30)).until(() -> sandbox.dataFaults().pending(Kind.TIMEOUT) == 0);

        drop("replaced.csv", csv(HEADER, row(41), row(42)));

        assertThat(awaitReport("replaced.csv").get("sent").asLong()).isEqualTo(1);
        // not moved to om.done with the first, unread: kept in the inbox under a free name and read next
        JsonNode second = awaitReport("replaced.1.csv");
        assertThat(second.get("total").asLong()).isEqualTo(2);
        assertThat(second.get("sent").asLong()).isEqualTo(2);
        awaitDone("replaced.1.csv");
        assertThat(sandbox.acceptedEvents() - accepted).isEqualTo(3);
    }

    @Test
    void aFileDroppedAgainSendsNothingNewAndSaysSo() throws Exception {
        byte[] content = csv(HEADER, row(10), row(11), row(12));
        drop("again.csv", content);
        assertThat(awaitReport("again.csv").get("sent").asLong()).isEqualTo(3);
        awaitDone("again.csv");
        Files.delete(Path.of(reports, "again.csv.report.json"));
        int accepted = sandbox.acceptedEvents();

        drop("again.csv", content);
        JsonNode second = awaitReport("again.csv");
        assertThat(second.get("sent").asLong()).isZero();
        assertThat(second.get("skipped_duplicates").asLong()).isEqualTo(3);
        assertThat(sandbox.acceptedEvents()).isEqualTo(accepted);
    }

    /**
     * The keys of sent records are committed behind the sending threads (pipelined); a file reported done has
     * them all in the database, not only in the repository's queue.
     */
    @Test
    void aFileReportedDoneHasTheKeysOfItsSentRecordsStored() throws Exception {
        byte[] content = csv(HEADER, row(NEXT_ROW.incrementAndGet()), row(NEXT_ROW.incrementAndGet()),
                row(NEXT_ROW.incrementAndGet()));
        drop("stored.csv", content);
        assertThat(awaitReport("stored.csv").get("sent").asLong()).isEqualTo(3);
        String prefix = Sha256.of(new String(content, StandardCharsets.UTF_8)) + ":";
        List<String> keys = keysStartingWith(prefix);
        assertThat(keys).as("three record keys and the first-run marker").hasSize(4).contains(prefix + "*");
        // dated again when the run ends, so the retention never purges the marker before a key of a long run
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(markerDate(prefix + "*"))
                .isAfterOrEqualTo(latestKeyDate(prefix)));
    }

    /** When the newest record key (not the marker) starting with {@code prefix} was stored. */
    private Instant latestKeyDate(String prefix) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT MAX(createdAt) FROM CAMEL_MESSAGEPROCESSED"
                        + " WHERE processorName = 'om-file-drop' AND messageId LIKE ? AND messageId NOT LIKE '%*'")) {
            ps.setString(1, prefix + "%");
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getTimestamp(1).toInstant();
            }
        }
    }

    /** The stored keys of both file drops that start with {@code prefix}, sorted. */
    private List<String> keysStartingWith(String prefix) throws Exception {
        List<String> keys = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT messageId FROM CAMEL_MESSAGEPROCESSED WHERE messageId LIKE ? ORDER BY messageId")) {
            ps.setString(1, prefix + "%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.add(rs.getString(1));
                }
            }
        }
        return keys;
    }

    private void setMarkerDate(String marker, Instant date) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE CAMEL_MESSAGEPROCESSED SET createdAt = ?"
                        + " WHERE processorName = 'om-file-drop' AND messageId = ?")) {
            ps.setTimestamp(1, Timestamp.from(date));
            ps.setString(2, marker);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    private Instant markerDate(String marker) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT createdAt FROM CAMEL_MESSAGEPROCESSED"
                        + " WHERE processorName = 'om-file-drop' AND messageId = ?")) {
            ps.setString(1, marker);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getTimestamp(1).toInstant();
            }
        }
    }

    /** Drops {@code content} while OM answers 500 to every event; returns the parked file's content. */
    private byte[] parkEveryRecord(String name, byte[] content, int records) throws IOException {
        sandbox.dataFaults().rate(Kind.HTTP_500, 1.0);
        drop(name, content);
        assertThat(awaitReport(name).get("failed").asLong()).isEqualTo(records);
        awaitDone(name);
        sandbox.dataFaults().clear();
        Path parked = Path.of(reports, name + ".failed.jsonl");
        List<String> lines = Files.readAllLines(parked);
        String prefix = Sha256.of(new String(content, StandardCharsets.UTF_8)) + ":";
        assertThat(lines).hasSize(records).allMatch(l -> l.contains("\"_error\":\"OM answered HTTP 500\""))
                .allMatch(l -> l.contains("\"_key\":\"" + prefix));
        return Files.readAllBytes(parked);
    }

    @Test
    void undeliverableRecordsAreParkedAndReSentWhenDroppedBack() throws Exception {
        byte[] content = csv(HEADER, row(20), row(21));
        byte[] parked = parkEveryRecord("flaky.csv", content, 2);
        String marker = Sha256.of(new String(content, StandardCharsets.UTF_8)) + ":*";
        setMarkerDate(marker, Instant.now().minus(Duration.ofDays(20)));

        int accepted = sandbox.acceptedEvents();
        drop("flaky.csv.failed.jsonl", parked);
        JsonNode resent = awaitReport("flaky.csv.failed.jsonl");
        assertThat(markerDate(marker)).as("the original's marker outlives the keys the parked records added")
                .isAfter(Instant.now().minus(Duration.ofMinutes(5)));
        assertThat(resent.get("sent").asLong()).isEqualTo(2);
        assertThat(resent.get("rejected").asLong()).isZero();
        assertThat(resent.get("unknown_fields").size()).as("_error and _key are not event fields").isZero();
        assertThat(sandbox.acceptedEvents() - accepted).isEqualTo(2);
        assertThat(sandbox.receivedEvents()).anyMatch(e -> e.get("doc_id").asText().equals("DOC20"));

        // the parked records keep their keys: the original dropped again sends them no second time
        drop("flaky-again.csv", content);
        JsonNode again = awaitReport("flaky-again.csv");
        assertThat(again.get("skipped_duplicates").asLong()).isEqualTo(2);
        assertThat(sandbox.acceptedEvents() - accepted).isEqualTo(2);
    }

    /**
     * A crash between a file's report and its move to om.done: the resumed file sends its parked records, and
     * the re-drive later brings the parked file too. Each record reaches OM once.
     */
    @Test
    void parkedRecordsSentByAResumedFileAreNotSentAgainByTheirParkedFile() throws Exception {
        byte[] content = csv(HEADER, row(22), row(23), row(24));
        byte[] parked = parkEveryRecord("resumed.csv", content, 3);

        int accepted = sandbox.acceptedEvents();
        drop("resumed.csv", content);
        assertThat(awaitReport("resumed.1.csv").get("sent").asLong()).isEqualTo(3);
        drop("resumed.csv.failed.redrive-20261204T000000.jsonl", parked);
        JsonNode redriven = awaitReport("resumed.csv.failed.redrive-20261204T000000.jsonl");
        assertThat(redriven.get("sent").asLong()).isZero();
        assertThat(redriven.get("skipped_duplicates").asLong()).isEqualTo(3);
        assertThat(sandbox.acceptedEvents() - accepted).isEqualTo(3);
    }

    @Test
    void aParkedLineWithAForeignKeyIsRejectedNamingTheField() throws Exception {
        byte[] parked = parkEveryRecord("keyed.csv", csv(HEADER, row(25)), 1);
        String line = new String(parked, StandardCharsets.UTF_8).replaceAll("\"_key\":\"[^\"]*\"",
                "\"_key\":\"mine:1\"");
        drop("keyed.jsonl", line.getBytes(StandardCharsets.UTF_8));
        JsonNode report = awaitReport("keyed.jsonl");
        assertThat(report.get("rejected").asLong()).isEqualTo(1);
        assertThat(report.get("rejections_by_reason").has("_key: not a parked record's key")).isTrue();
        assertThat(Files.readString(Path.of(reports, "keyed.jsonl.rejected.jsonl")))
                .contains("_key: not a parked record's key");
    }

    @Test
    void unreadableFilesGoToTheFailedFolderWithAReport() throws Exception {
        drop("binary.csv", new byte[]{0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 1, 2, 3, (byte) 0xFF, 0});
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
    void aFileWhoseResultFilesCannotBePreparedGoesToTheFailedFolderWithAReport() throws Exception {
        // an interrupted run's result file is cleared at the start; here it cannot be (a non-empty directory)
        Files.createDirectories(Path.of(reports, "blocked.csv.failed.jsonl", "inside"));
        try {
            drop("blocked.csv", csv(HEADER, row(30)));
            JsonNode report = awaitReport("blocked.csv");
            assertThat(report.get("error").asText()).startsWith(
                    "cannot open the file or its result files: DirectoryNotEmptyException: ");
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(Path.of(failed, "blocked.csv")));
        } finally {
            Files.delete(Path.of(reports, "blocked.csv.failed.jsonl", "inside"));
            Files.delete(Path.of(reports, "blocked.csv.failed.jsonl"));
        }
    }

    /** routes/sent-records-retention.camel.yaml: both file drops' keys older than the retention are forgotten. */
    @Test
    void sentRecordKeysOlderThanTheRetentionAreForgotten() throws Exception {
        String run = "retention-" + NEXT_ROW.incrementAndGet();
        Timestamp old = Timestamp.from(Instant.now().minus(Duration.ofDays(31)));
        Timestamp recent = Timestamp.from(Instant.now().minus(Duration.ofDays(29)));
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO CAMEL_MESSAGEPROCESSED"
                        + " (processorName, messageId, createdAt) VALUES (?, ?, ?)")) {
            for (Object[] row : new Object[][]{{"om-file-drop", run + ":1", old}, {"om-file-drop", run + ":2", recent},
                    {"tze-file-drop", run + ":1:ab", old}, {"tze-file-drop", run + ":2:ab", recent}}) {
                ps.setString(1, (String) row[0]);
                ps.setString(2, (String) row[1]);
                ps.setTimestamp(3, (Timestamp) row[2]);
                ps.executeUpdate();
            }
        }
        producer.sendBody("direct:sent-records-purge", null);
        assertThat(keysStartingWith(run + ":")).containsExactly(run + ":2", run + ":2:ab");
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
        byte[] invalidUtf8 = {(byte) 0xC3, (byte) 0x28};
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

    // --- file mechanics: slow writers, links, odd names, amplification ------------------------------

    private static String jsonlEvents(int from, int to) {
        StringBuilder out = new StringBuilder();
        for (int i = from; i <= to; i++) {
            out.append("{\"imei\":\"slow").append(i).append("\",\"doc_id\":\"SLOW").append(i)
                    .append("\",\"user_action\":1,\"source\":1,\"ts\":1510662363}\n");
        }
        return out.toString();
    }

    /**
     * A writer that goes on writing under the same name after the drop took what was there: each piece is
     * processed, nothing replaces the earlier piece's done file or report, no record is lost, and a last
     * line without its line break is not sent as a broken half (it waits, then is rejected as what it is).
     */
    @Test
    void aWriterAddingToTheSameNameLosesNothingAndOverwritesNothing() throws Exception {
        String id = java.util.UUID.randomUUID().toString();
        String name = "slow-" + id + ".jsonl";
        String second = "slow-" + id + ".1.jsonl";
        int accepted = sandbox.acceptedEvents();

        drop(name, jsonlEvents(1, 3).getBytes(StandardCharsets.UTF_8));
        JsonNode first = awaitReport(name);
        awaitDone(name);

        // the same name again: three more records and a line the writer has not finished
        drop(name, (jsonlEvents(4, 6) + "{\"imei\":\"slow7\",\"doc_id\":\"SL").getBytes(StandardCharsets.UTF_8));
        JsonNode next = awaitReport(second);
        awaitDone(second);

        assertThat(first.get("sent").asLong()).isEqualTo(3);
        assertThat(json.readTree(Path.of(reports, name + ".report.json").toFile()).get("sent").asLong())
                .as("the first report is still the first piece's").isEqualTo(3);
        assertThat(next.get("file").asText()).isEqualTo(name);
        assertThat(next.get("sent").asLong()).isEqualTo(3);
        assertThat(next.get("rejected").asLong()).as("the unfinished line, accounted").isEqualTo(1);
        assertThat(Files.readString(Path.of(done, name))).isEqualTo(jsonlEvents(1, 3));
        assertThat(sandbox.acceptedEvents() - accepted).isEqualTo(6);
        for (int i = 1; i <= 6; i++) {
            String doc = "SLOW" + i;
            assertThat(sandbox.receivedEvents()).as(doc).anyMatch(e -> e.get("doc_id").asText().equals(doc));
        }
        assertThat(sandbox.receivedEvents()).noneMatch(e -> e.get("imei").asText().equals("slow7"));
    }

    @Test
    void aSymbolicLinkInTheInboxIsRefusedWithAReportAndItsTargetIsNotSent() throws Exception {
        String id = java.util.UUID.randomUUID().toString();
        Path target = Files.writeString(Files.createTempFile("linked", ".jsonl"),
                "{\"imei\":\"linked\",\"doc_id\":\"LINK" + id + "\",\"user_action\":1,\"source\":1,"
                        + "\"ts\":1510662363}\n");
        String name = "link-" + id + ".jsonl";
        Files.createDirectories(Path.of(inbox));
        Files.createSymbolicLink(Path.of(inbox, name), target);

        JsonNode report = awaitReport(name);
        assertThat(report.get("error").asText()).contains("symbolic link");
        assertThat(report.get("total").asLong()).isZero();
        assertThat(Files.isSymbolicLink(Path.of(failed, name))).isTrue();
        assertThat(Path.of(reports, name + ".rejected.jsonl")).doesNotExist();
        assertThat(sandbox.receivedEvents()).noneMatch(e -> e.get("doc_id").asText().equals("LINK" + id));
    }

    /** Directories, and links to them, are entries like any other: refused with a report, nothing below read. */
    @Test
    void aLinkToADirectoryAndADirectoryInTheInboxAreRefusedWithAReport() throws Exception {
        String id = java.util.UUID.randomUUID().toString();
        Path targetDir = Files.createTempDirectory("linked-dir");
        Files.writeString(targetDir.resolve("inside.jsonl"), "{\"imei\":\"inside\",\"doc_id\":\"DIR" + id
                + "\",\"user_action\":1,\"source\":1,\"ts\":1510662363}\n");
        String link = "dirlink-" + id + ".jsonl";
        String dir = "subdir-" + id;
        Files.createDirectories(Path.of(inbox));
        Files.createSymbolicLink(Path.of(inbox, link), targetDir);
        Files.createDirectories(Path.of(inbox, dir));
        Files.writeString(Path.of(inbox, dir, "nested.jsonl"), "{\"imei\":\"nested\",\"doc_id\":\"DIR" + id
                + "\",\"user_action\":1,\"source\":1,\"ts\":1510662363}\n");

        assertThat(awaitReport(link).get("error").asText()).contains("symbolic link");
        assertThat(awaitReport(dir).get("error").asText()).contains("a directory");
        assertThat(Files.isSymbolicLink(Path.of(failed, link))).isTrue();
        assertThat(Path.of(failed, dir, "nested.jsonl")).exists();
        assertThat(Path.of(inbox, dir)).doesNotExist();
        assertThat(sandbox.receivedEvents()).noneMatch(e -> e.get("doc_id").asText().equals("DIR" + id));
    }

    @Test
    void aFileNameWithALineBreakIsProcessedAndReported() throws Exception {
        String name = "two\nlines-" + java.util.UUID.randomUUID() + ".csv";
        drop(name, csv(HEADER, row(NEXT_ROW.incrementAndGet()), ""));
        JsonNode report = awaitReport(name);
        assertThat(report.get("file").asText()).isEqualTo(name);
        assertThat(report.get("sent").asLong()).isEqualTo(1);
        awaitDone(name);
    }

    /** 40,000 broken lines from a few hundred bytes of gzip: counted exactly, kept only up to the limit. */
    @Test
    void aSmallGzipOfEndlessBadLinesWritesABoundedRejectedFileWithExactCounts() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write("{\"imei\":\n".repeat(40_000).getBytes(StandardCharsets.UTF_8));
        }
        String name = "bomb-" + java.util.UUID.randomUUID() + ".jsonl.gz";
        drop(name, bytes.toByteArray());
        JsonNode report = awaitReport(name);
        Path rejected = Path.of(reports, name + ".rejected.jsonl");
        long kept = Files.readAllLines(rejected).size();
        assertThat(report.get("rejected").asLong()).isEqualTo(40_000);
        assertThat(report.get("rejections_by_reason").get("record: not valid JSON").asLong()).isEqualTo(40_000);
        assertThat(Files.size(rejected)).isLessThanOrEqualTo(maxRejectedBytes);
        assertThat(kept).isPositive();
        assertThat(report.get("rejected_not_kept").asLong()).isEqualTo(40_000 - kept);
    }

    @Test
    void theInboxIsListedEveryPollInterval() {
        FileEndpoint endpoint = FileEndpoints.consumedBy(camel, "om-file-drop");
        assertThat(endpoint.getFile().toPath()).isEqualTo(Path.of(inbox));
        assertThat(endpoint.getDelay()).isEqualTo(pollInterval);
    }

    @Test
    void eachVendorHasItsOwnReportsFolder() {
        assertThat(Path.of(reports)).endsWith(Path.of("reports", "om-events"));
    }

    // --- the bad inputs of the issue, end to end -----------------------------------------------------

    /** Row numbers of the good files dropped after each bad one: every file's content differs. */
    private static final AtomicInteger NEXT_ROW = new AtomicInteger(10_000);

    /** The UTF-8 text of the 10 MB lines: 1 MiB of a three-byte character and 7 MiB of ASCII. */
    private static final String TEN_MB = "快".repeat(1024 * 1024) + "x".repeat(7 * 1024 * 1024);

    /**
     * One bad input of the issue and what must come of it.
     *
     * @param file     name it is dropped under
     * @param readable whether it ends in om.done (else in om.failed with {@code error} in its report)
     * @param sent     records OM must have taken
     * @param reasons  per rejected line, a text one of its reasons must contain; the size is {@code rejected}
     * @param error    for an unreadable file, a text its report's {@code error} must contain
     * @param extra    further checks of the report
     */
    record BadInput(String file, byte[] content, boolean readable, long sent, Map<Long, String> reasons,
            String error, BiConsumer<OmFileDropTest, JsonNode> extra) {

        static BadInput read(String file, byte[] content, long sent, Object... lineAndReason) {
            Map<Long, String> reasons = new LinkedHashMap<>();
            for (int i = 0; i < lineAndReason.length; i += 2) {
                reasons.put(((Number) lineAndReason[i]).longValue(), (String) lineAndReason[i + 1]);
            }
            return new BadInput(file, content, true, sent, reasons, null, (test, report) -> {
            });
        }

        static BadInput unreadable(String file, byte[] content, String error) {
            return new BadInput(file, content, false, 0, Map.of(), error, (test, report) -> {
            });
        }

        BadInput and(BiConsumer<OmFileDropTest, JsonNode> check) {
            return new BadInput(file, content, readable, sent, reasons, error, extra.andThen(check));
        }

        @Override
        public String toString() {
            return file;
        }
    }

    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            out.writeBytes(part instanceof byte[] raw ? raw : part.toString().getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static byte[] jsonl(String... lines) {
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** A good row of the 15 HEADER columns with one value replaced (column index 0..14). */
    private static String rowWith(int i, int column, String value) {
        String[] values = row(i).split(",", -1);
        values[column] = value;
        return String.join(",", values);
    }

    static Stream<BadInput> badInputs() {
        byte[] notUtf8 = {(byte) 0xC3, (byte) 0x28};
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        return Stream.of(
                // an opening quote never closed: that record is rejected, the rows after it are still read
                BadInput.read("bad-unbalanced-quote.csv", csv(HEADER, row(101),
                        "10.0.0.2,\"never closed,i,i,a,2,QQ,DQ,s,1,1,0,5,1510662363,x", row(102), row(103)), 3,
                        3, "CSV syntax: unbalanced quote: a quoted value of the record starting on line 3"),
                // the same, with a quoted value further down that the open quote would pair with
                BadInput.read("bad-unbalanced-quote-paired.csv", csv(HEADER, row(104),
                        "10.0.0.2,\"never closed,i,i,a,2,QQ,DQ,s,1,1,0,5,1510662363,x", row(105),
                        "\"10.0.0.7\",i,i,i,a,2,QQ,D106,s,1,1,0,5,1510662363,x", row(107)), 4,
                        3, "CSV syntax: Invalid character between encapsulated token and delimiter"),
                BadInput.read("bad-columns.csv", csv(HEADER, row(111), "1,2,3", row(112) + ",extra"), 1,
                        3, "has 3 columns, the header has 15", 4, "has 16 columns, the header has 15"),
                BadInput.read("bad-utf8.csv", bytes(HEADER, "\r\n", row(121), "\r\n10.0.0.9,i,i,i,a,2,QQ,", notUtf8,
                        ",s,1,1,0,5,1510662363,x\r\n", row(122), "\r\n"), 2,
                        3, "not valid UTF-8 (line 3, byte 22)"),
                BadInput.read("bad-utf8.jsonl", bytes("{\"doc_id\":\"U1\"}\n{\"doc_id\":\"", notUtf8,
                        "\"}\n{\"doc_id\":\"U3\"}\n"), 2,
                        2, "not valid UTF-8 (byte 11 of the line)"),
                BadInput.unreadable("bad-binary.csv", png, "file is binary"),
                BadInput.unreadable("bad-binary.jsonl", new byte[]{0x50, 0x4B, 0x03, 0x04, 0, 0, 1, 2},
                        "file is binary"),
                BadInput.unreadable("bad-empty.csv", new byte[0], "file is empty"),
                BadInput.unreadable("bad-blank.jsonl", "\n \r\n".getBytes(StandardCharsets.UTF_8), "file is empty"),
                BadInput.read("bad-header-only.csv", csv(HEADER, ""), 0),
                BadInput.unreadable("bad-duplicate-header.csv", csv("IP,imei,doc_id,IMEI", "10.0.0.1,a,D,b"),
                        "CSV header names column imei twice (columns 2 and 4)"),
                BadInput.unreadable("bad-duplicate-unknown-header.csv", csv("IP,doc_id,note,note", "10.0.0.1,D,a,b"),
                        "CSV header names column note twice (columns 3 and 4)"),
                BadInput.read("bad-unknown-columns.csv", csv(HEADER + ",Colour", row(131) + ",red", row(132) + ",blue"),
                        2).and(
                                (test, report) -> assertThat(report.get("unknown_fields").get("Colour").asLong())
                                        .isEqualTo(2)),
                BadInput.read("bad-unknown-keys.jsonl", jsonl("{\"doc_id\":\"K1\",\"colour\":\"red\"}",
                        "{\"doc_id\":\"K2\",\"colour\":{\"r\":1},\"size\":[1]}"), 2)
                        .and((test, report) -> assertThat(report.get("unknown_fields").get("colour").asLong())
                                .isEqualTo(2)),
                // read line by line without holding it: rejected, naming the line, the next lines still sent
                BadInput.read("bad-10mb-line.csv", csv(HEADER, row(141), rowWith(142, 1, TEN_MB), row(143)), 2,
                        3, "line 3 is longer than 1048576 bytes"),
                BadInput.read("bad-10mb-line.jsonl", jsonl("{\"doc_id\":\"M1\"}",
                        "{\"doc_id\":\"M2\",\"model\":\"" + TEN_MB + "\"}", "{\"doc_id\":\"M3\"}"), 2,
                        2, "line 2 is longer than 1048576 bytes"),
                BadInput.read("bad-not-object.jsonl", jsonl("{\"doc_id\":\"O1\"}", "[1,2,3]", "\"text\"", "42",
                        "null", "true", "{\"doc_id\":\"O7\"} {\"doc_id\":\"O8\"}", "{\"doc_id\":\"O9\"}"), 2,
                        2, "not a JSON object (an array)", 3, "not a JSON object (a string)",
                        4, "not a JSON object (a number)", 5, "not a JSON object (null)",
                        6, "not a JSON object (a boolean)", 7, "more than one JSON value on the line"),
                // numbers as strings: digit text is fine for bigint fields, a number is not a string
                BadInput.read("bad-numbers-as-strings.jsonl", jsonl(
                        "{\"doc_id\":\"S1\",\"user_action\":\"3\",\"ts\":\"1510662363\",\"time_long\":\"200\"}",
                        "{\"doc_id\":\"S2\",\"imei\":86641710}",
                        "{\"doc_id\":\"S3\",\"user_action\":\" 3\"}"), 1,
                        2, "imei: must be a string, not a number (86641710)",
                        3, "user_action: \" 3\" is not an integer"),
                BadInput.read("bad-floats.jsonl", jsonl("{\"doc_id\":\"F1\",\"time_long\":1.5}",
                        "{\"doc_id\":\"F2\",\"source\":3.0}", "{\"doc_id\":\"F3\",\"video_time\":1e3}",
                        "{\"doc_id\":\"F4\",\"time_long\":15}"), 1,
                        1, "time_long: 1.5 is not an integer (a JSON float)",
                        2, "source: 3.0 is not an integer (a JSON float)", 3, "video_time: 1E+3 is not an integer"),
                BadInput.read("bad-floats.csv", csv(HEADER, rowWith(151, 12, "1.5"), row(152)), 1,
                        2, "time_long: \"1.5\" is not an integer"),
                BadInput.read("bad-negatives.jsonl", jsonl("{\"doc_id\":\"N1\",\"source\":-1}",
                        "{\"doc_id\":\"N2\",\"ts\":-1510662363}", "{\"doc_id\":\"N3\",\"time_long\":0}"), 1,
                        1, "source: -1 is negative", 2, "ts: -1510662363 is negative"),
                BadInput.read("bad-negatives.csv", csv(HEADER, rowWith(161, 12, "-200"), row(162)), 1,
                        2, "time_long: -200 is negative"),
                BadInput.read("bad-beyond-2-63.jsonl", jsonl(
                        "{\"doc_id\":\"B1\",\"time_long\":9223372036854775808}",
                        "{\"doc_id\":\"B2\",\"video_time\":99999999999999999999999}",
                        "{\"doc_id\":\"B3\",\"video_time\":9223372036854775807}"), 1,
                        1, "time_long: 9223372036854775808 is beyond 2^63-1",
                        2, "video_time: 99999999999999999999999 is beyond 2^63-1"),
                BadInput.read("bad-beyond-2-63.csv", csv(HEADER, rowWith(171, 12, "9223372036854775808"), row(172)), 1,
                        2, "time_long: 9223372036854775808 is beyond 2^63-1"),
                BadInput.read("bad-emoji.jsonl", jsonl(
                        "{\"doc_id\":\"E1\",\"sub_ch\":\"快报 😀👍🏽🇨🇳\",\"model\":\"\\ud83d\\udcf1\"}",
                        "{\"doc_id\":\"E2\",\"sub_ch\":\"\\ud83d broken\"}"), 1,
                        2, "sub_ch: has an unpaired surrogate at index 0")
                        .and((test, report) -> assertThat(test.sandbox.receivedEvents()).anyMatch(
                                e -> e.get("sub_ch").asText().equals("快报 😀👍🏽🇨🇳")
                                        && e.get("model").asText().equals("📱"))));
    }

    /**
     * Each bad input dropped into the running bundle: the report's counts add up, every rejected line is in
     * {@code .rejected.jsonl} with a reason naming its field or line, the file lands in done or failed, and
     * the bundle goes on: every input is dropped at once, so each is read while the others wait their turn,
     * and a good file dropped after them all is still sent. OM took exactly the records the reports say were
     * sent. (One at a time, each a separate wait for the inbox's stable age, this took two and a half minutes.)
     */
    @TestFactory
    Stream<DynamicTest> badInputIsAccountedForAndTheBundleGoesOn() throws Exception {
        int accepted = sandbox.acceptedEvents();
        List<BadInput> inputs = badInputs().toList();
        for (BadInput input : inputs) {
            drop(input.file(), input.content());
        }
        Stream<DynamicTest> each = inputs.stream().map(input -> DynamicTest.dynamicTest(input.file(),
                () -> check(input)));
        return Stream.concat(each, Stream.of(DynamicTest.dynamicTest("the bundle goes on", () -> {
            int next = NEXT_ROW.incrementAndGet();
            String following = "after-bad-inputs.csv";
            drop(following, csv(HEADER, row(next)));
            assertThat(awaitReport(following).get("sent").asLong()).as("the next file is sent").isEqualTo(1);
            awaitDone(following);
            assertThat(sandbox.acceptedEvents() - accepted).as("accepted by OM")
                    .isEqualTo(inputs.stream().mapToLong(BadInput::sent).sum() + 1);
        })));
    }

    private void check(BadInput input) throws IOException {
        JsonNode report = awaitReport(input.file());
        Path movedTo = Path.of(input.readable() ? done : failed, input.file());
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(movedTo));

        if (input.readable()) {
            assertThat(report.has("error")).as("error").isFalse();
            assertThat(report.get("sent").asLong()).as("sent").isEqualTo(input.sent());
            assertThat(report.get("rejected").asLong()).as("rejected").isEqualTo(input.reasons().size());
            assertThat(report.get("failed").asLong() + report.get("skipped_duplicates").asLong()).isZero();
            Path rejectedFile = Path.of(reports, input.file() + ".rejected.jsonl");
            Map<Long, String> rejected = new LinkedHashMap<>();
            if (Files.exists(rejectedFile)) {
                for (String line : Files.readAllLines(rejectedFile, StandardCharsets.UTF_8)) {
                    JsonNode entry = json.readTree(line);
                    StringBuilder reasons = new StringBuilder();
                    entry.get("reasons").forEach(reason -> reasons.append(reason.asText()).append('\n'));
                    rejected.put(entry.get("line").asLong(), reasons.toString());
                }
            }
            assertThat(rejected.keySet()).as("rejected lines").containsExactlyInAnyOrderElementsOf(
                    input.reasons().keySet());
            input.reasons().forEach((line, reason) -> assertThat(rejected.get(line)).as("line %d", line)
                    .contains(reason));
        } else {
            assertThat(report.get("error").asText()).contains(input.error());
            assertThat(report.get("total").asLong()).isZero();
            assertThat(Path.of(done, input.file())).doesNotExist();
        }
        input.extra().accept(this, report);
    }
}
