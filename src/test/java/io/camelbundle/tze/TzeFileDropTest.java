package io.camelbundle.tze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.apache.camel.CamelContext;
import org.apache.camel.component.file.FileEndpoint;
import org.apache.camel.component.master.MasterConsumer;
import org.apache.camel.component.master.MasterEndpoint;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.camelbundle.filedrop.FileEndpoints;
import io.camelbundle.persistence.JdbcIdempotentRepository;
import io.camelbundle.sandbox.Faults;
import io.camelbundle.sandbox.TzeSandbox;
import io.camelbundle.support.Sha256;
import io.quarkus.test.junit.QuarkusTest;

/** data/inbox/tze-messages/*.jsonl: one request per line, every line accounted for in the report. */
@QuarkusTest
class TzeFileDropTest {

    @ConfigProperty(name = "tze.inbox")
    String inbox;

    @ConfigProperty(name = "tze.file-drop.poll-interval-ms")
    long pollInterval;

    @Inject
    TzeSandbox sandbox;

    @Inject
    TzeConfig config;

    @Inject
    CamelContext context;

    @Inject
    DataSource dataSource;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theFileDropIsASingletonRouteSoEachFileGoesToOneReplica() {
        var route = context.getRoute("tze-file-drop");
        assertThat(route.getEndpoint()).isInstanceOf(MasterEndpoint.class);
        assertThat(((MasterEndpoint) route.getEndpoint()).getNamespace()).isEqualTo("tze-file-drop");
        assertThat(route.getConsumer()).isInstanceOf(MasterConsumer.class);
        // the single test process leads the group (file-lock cluster service), so it consumes the inbox
        // (groups are taken one after the other, about five seconds each: see ClusterServiceTest)
        await().atMost(Duration.ofSeconds(40)).until(() -> ((MasterConsumer) route.getConsumer()).isMaster());
    }

    @Test
    void theInboxIsListedEveryPollInterval() {
        FileEndpoint endpoint = FileEndpoints.consumedBy(context, "tze-file-drop");
        assertThat(endpoint.getFile().toPath()).isEqualTo(Path.of(inbox));
        assertThat(endpoint.getDelay()).isEqualTo(pollInterval);
    }

    @Test
    void everyLineIsSentOrRejectedWithItsReasonAndTheFileMovesToDone() throws Exception {
        String bound = boundPerson("file-person-");
        String unbound = "file-nobody-" + UUID.randomUUID();
        String name = "batch-" + UUID.randomUUID() + ".jsonl";
        List<String> lines = List.of(
                "{\"personIds\":[\"" + bound + "\",\"" + unbound + "\"],\"template\":\"text-notice\","
                        + "\"data\":{\"name\":\"王五\",\"notice\":\"n1\"}}",
                "{\"personIds\":[\"" + bound + "\"],\"template\":",
                "",
                "{\"personIds\":[\"" + bound + "\"],\"template\":\"missing-template\"}",
                "{\"personIds\":[\"" + bound + "\"],\"template\":\"text-notice\",\"data\":{\"name\":\"x\"}}",
                "{\"personIds\":[\"" + bound
                        + "\"],\"message\":{\"msgtype\":\"text\",\"text\":{\"content\":\"last\"}}}");
        Path inbox = Path.of(config.inbox());
        JsonNode r = dropAndAwaitReport(name, lines);
        assertThat(r.get("lines").asInt()).isEqualTo(5);
        assertThat(r.has("started")).as("same spelling as the OM report").isTrue();
        assertThat(r.has("finished")).isTrue();
        assertThat(r.has("started_at")).isFalse();
        assertThat(r.get("requests_sent").asInt()).isEqualTo(2);
        assertThat(r.get("requests_rejected").asInt()).isEqualTo(3);
        assertThat(r.at("/persons/sent").asInt()).isEqualTo(2);
        assertThat(r.at("/persons/unbound").asInt()).isEqualTo(1);
        assertThat(r.get("skipped_duplicates").asInt()).isZero();
        assertThat(r.at("/rejected/0/line").asInt()).isEqualTo(2);
        assertThat(r.at("/rejected/0/reason").asText()).startsWith("$: malformed JSON");
        assertThat(r.at("/rejected/1/reason").asText()).contains("unknown template 'missing-template'");
        assertThat(r.at("/rejected/2/line").asInt()).isEqualTo(5);
        assertThat(r.at("/rejected/2/reason").asText()).contains("placeholder 'notice' has no value");
        assertThat(r.at("/not_reached/0/personId").asText()).isEqualTo(unbound);

        List<String> failed = Files.readAllLines(Path.of(config.reports()).resolve(name + ".failed.jsonl"));
        assertThat(failed).singleElement().asString().contains(unbound).doesNotContain(bound)
                .contains("\"_line\":1");
        assertThat(sandbox.deliveredTo(bound)).hasSize(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(Path.of(config.done()).resolve(name)));
        assertThat(Files.exists(inbox.resolve(name))).isFalse();
    }

    @Test
    void aFileRenamedOntoTheNameOfOneBeingProcessedIsReadToo() throws Exception {
        String first = boundPerson("replaced-a-");
        String second = boundPerson("replaced-b-");
        String stem = "replaced-" + UUID.randomUUID();
        Path reports = Path.of(config.reports());
        // the first file's only message hangs at TZE (a timeout, then a retry): the file stays in process meanwhile
        sandbox.messageFaults().failNext(Faults.Kind.TIMEOUT, 1);
        drop(stem + ".jsonl", List.of(text(List.of(first), "first")));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> sandbox.messageFaults().pending(Faults.Kind.TIMEOUT) == 0);

        dropAndAwait(stem + ".jsonl", List.of(text(List.of(second), "second")),
                reports.resolve(stem + ".jsonl.report.json"));

        // not moved to tze.done with the first, unread: kept in the inbox under a free name and read next
        Path secondReport = reports.resolve(stem + ".1.jsonl.report.json");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(secondReport));
        assertThat(json.readTree(secondReport.toFile()).get("requests_sent").asInt()).isEqualTo(1);
        assertThat(sandbox.deliveredTo(first)).hasSize(1);
        assertThat(sandbox.deliveredTo(second)).hasSize(1);
    }

    @Test
    void theSameContentDroppedAgainSendsNothingNewAndTheReportCountsTheSkippedPersons() throws Exception {
        String a = boundPerson("idem-a-");
        String b = boundPerson("idem-b-");
        List<String> lines = List.of(text(List.of(a, b), "first"), "", text(List.of(a), "second"));
        String hash = sha256(lines);

        JsonNode first = dropAndAwaitReport("idem-" + UUID.randomUUID() + ".jsonl", lines);
        assertThat(first.at("/persons/sent").asInt()).isEqualTo(3);
        assertThat(first.get("skipped_duplicates").asInt()).isZero();
        assertThat(sandbox.deliveredTo(a)).hasSize(2);
        assertThat(sandbox.deliveredTo(b)).hasSize(1);
        // remembered in the database, one row per confirmed person and line of this content: a new repository
        // on the same database (as after a restart) knows them
        assertThat(sentRows(hash)).isEqualTo(3);
        JdbcIdempotentRepository afterRestart = new JdbcIdempotentRepository(dataSource, "tze-file-drop");
        assertThat(afterRestart.contains(TzePersonSends.sentKey(hash + ":1", b))).isTrue();
        assertThat(afterRestart.contains(TzePersonSends.sentKey(hash + ":3", a))).isTrue();
        assertThat(afterRestart.contains(TzePersonSends.sentKey(hash + ":3", b))).as("b is not on line 3").isFalse();

        // the same content under another name (or the same file once more): nothing is sent again
        String again = "idem-again-" + UUID.randomUUID() + ".jsonl";
        JsonNode second = dropAndAwaitReport(again, lines);
        assertThat(second.get("lines").asInt()).isEqualTo(2);
        assertThat(second.get("requests_sent").asInt()).isEqualTo(2);
        assertThat(second.get("persons").size()).as("nobody sent, nobody failed").isZero();
        assertThat(second.get("skipped_duplicates").asInt()).isEqualTo(3);
        assertThat(second.get("not_reached").size()).isZero();
        assertThat(Path.of(config.reports()).resolve(again + ".failed.jsonl")).doesNotExist();
        assertThat(sandbox.deliveredTo(a)).hasSize(2);
        assertThat(sandbox.deliveredTo(b)).hasSize(1);
        assertThat(sentRows(hash)).isEqualTo(3);
    }

    /**
     * What a crash in the middle of a file leaves behind: the file still in the inbox, the persons TZE confirmed
     * so far remembered, the others not. Here the first run stops short of one person (not bound yet); when the
     * same content runs again, only that person is sent to, the confirmed lines are not sent again.
     */
    @Test
    void aFileProcessedAgainSendsOnlyToThePersonsNotConfirmedBefore() throws Exception {
        String a = boundPerson("resume-a-");
        String late = "resume-late-" + UUID.randomUUID();
        List<String> lines = List.of(text(List.of(a), "one"), text(List.of(a, late), "two"), text(List.of(a), "three"));
        String hash = sha256(lines);

        JsonNode first = dropAndAwaitReport("resume-" + UUID.randomUUID() + ".jsonl", lines);
        assertThat(first.at("/persons/sent").asInt()).isEqualTo(3);
        assertThat(first.at("/persons/unbound").asInt()).isEqualTo(1);
        assertThat(sentRows(hash)).as("only confirmed sends are remembered").isEqualTo(3);

        TzeTestBindings.bind(sandbox, late);
        JsonNode second = dropAndAwaitReport("resume-again-" + UUID.randomUUID() + ".jsonl", lines);
        assertThat(second.at("/persons/sent").asInt()).isEqualTo(1);
        assertThat(second.get("skipped_duplicates").asInt()).isEqualTo(3);
        assertThat(sandbox.deliveredTo(a)).as("no line sent twice to a").hasSize(3);
        assertThat(sandbox.deliveredTo(late)).singleElement()
                .satisfies(d -> assertThat(d.message().toString()).contains("two"));
        assertThat(sentRows(hash)).isEqualTo(4);
    }

    /**
     * A line over tze.file-drop.max-record-bytes (4 KiB in tests) is rejected with its line number, without
     * being held in memory, and the lines around it are sent; a second file of the same name gets its own
     * report and done file, the first ones stay.
     */
    @Test
    void aLineOverTheRecordLimitIsRejectedAndASecondFileOfTheSameNameOverwritesNothing() throws Exception {
        String person = boundPerson("long-");
        String name = "long-" + UUID.randomUUID() + ".jsonl";
        String huge = text(List.of(person), "x".repeat(config.fileDrop().maxRecordBytes()));
        JsonNode r = dropAndAwaitReport(name, List.of(text(List.of(person), "before"), huge,
                text(List.of(person), "after")));
        assertThat(r.get("lines").asInt()).isEqualTo(3);
        assertThat(r.get("requests_sent").asInt()).isEqualTo(2);
        assertThat(r.get("requests_rejected").asInt()).isEqualTo(1);
        assertThat(r.at("/rejected/0/line").asInt()).isEqualTo(2);
        assertThat(r.at("/rejected/0/reason").asText()).contains("line 2 is longer than "
                + config.fileDrop().maxRecordBytes() + " bytes");
        assertThat(sandbox.deliveredTo(person)).hasSize(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(Path.of(config.done()).resolve(name)));

        String numbered = name.replace(".jsonl", ".1.jsonl");
        Path second = Path.of(config.reports()).resolve(numbered + ".report.json");
        dropAndAwait(name, List.of(text(List.of(person), "again")), second);
        JsonNode again = json.readTree(second.toFile());
        assertThat(again.get("file").asText()).isEqualTo(name);
        assertThat(again.get("lines").asInt()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(Path.of(config.done()).resolve(numbered)));
        assertThat(json.readTree(Path.of(config.reports()).resolve(name + ".report.json").toFile()).get("lines")
                .asInt()).as("the first report stays").isEqualTo(3);
        assertThat(Files.readAllLines(Path.of(config.done()).resolve(name))).hasSize(3);
    }

    @Test
    void anEmptyFileIsReportedAndMovedToDone() throws Exception {
        // Camel's changed read lock waits for at least one byte by default (readLockMinLength 1)
        String name = "empty-" + UUID.randomUUID() + ".jsonl";
        JsonNode r = dropAndAwaitReport(name, List.of());
        assertThat(r.get("lines").asInt()).isZero();
        assertThat(r.get("requests_sent").asInt()).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(Path.of(config.done()).resolve(name)));
        assertThat(Files.exists(Path.of(config.inbox()).resolve(name))).isFalse();
    }

    @Test
    void theTzeDropHasItsOwnReportsFolder() {
        assertThat(Path.of(config.reports())).endsWith(Path.of("reports", "tze-messages"));
    }

    private static String text(List<String> persons, String content) {
        return "{\"personIds\":[\"" + String.join("\",\"", persons) + "\"],\"message\":{\"msgtype\":\"text\","
                + "\"text\":{\"content\":\"" + content + "\"}}}";
    }

    /** Writes the file next to the inbox and moves it in (so it is never read half-written). */
    private JsonNode dropAndAwaitReport(String name, List<String> lines) throws Exception {
        Path report = Path.of(config.reports()).resolve(name + ".report.json");
        dropAndAwait(name, lines, report);
        return json.readTree(report.toFile());
    }

    private void dropAndAwait(String name, List<String> lines, Path report) throws Exception {
        drop(name, lines);
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(report));
    }

    private void drop(String name, List<String> lines) throws Exception {
        Path inbox = Path.of(config.inbox());
        Files.createDirectories(inbox);
        Path tmp = inbox.resolve(name + ".part");
        Files.write(tmp, lines, StandardCharsets.UTF_8);
        Files.move(tmp, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    /** A new person id starting with {@code prefix}, bound through the sandbox's OAuth flow. */
    private String boundPerson(String prefix) {
        String person = prefix + UUID.randomUUID();
        TzeTestBindings.bind(sandbox, person);
        return person;
    }

    /** The SHA-256 of the file {@link #dropAndAwaitReport} writes. */
    private static String sha256(List<String> lines) {
        return Sha256.of(String.join(System.lineSeparator(), lines) + System.lineSeparator());
    }

    private int sentRows(String hash) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT COUNT(*) FROM CAMEL_MESSAGEPROCESSED WHERE processorName = 'tze-file-drop' AND messageId LIKE ?")) {
            ps.setString(1, hash + ":%");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
