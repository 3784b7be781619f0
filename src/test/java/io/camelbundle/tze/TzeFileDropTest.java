package io.camelbundle.tze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.camel.CamelContext;
import org.apache.camel.component.master.MasterConsumer;
import org.apache.camel.component.master.MasterEndpoint;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.camelbundle.sandbox.TzeSandbox;
import io.quarkus.test.junit.QuarkusTest;

/** data/inbox/tze-messages/*.jsonl: one request per line, every line accounted for in the report. */
@QuarkusTest
class TzeFileDropTest {

    @Inject
    TzeSandbox sandbox;

    @Inject
    TzeConfig config;

    @Inject
    CamelContext context;

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
    void everyLineIsSentOrRejectedWithItsReasonAndTheFileMovesToDone() throws Exception {
        String bound = "file-person-" + UUID.randomUUID();
        String unbound = "file-nobody-" + UUID.randomUUID();
        TzeTestBindings.bind(sandbox, bound);
        String name = "batch-" + UUID.randomUUID() + ".jsonl";
        List<String> lines = List.of(
                "{\"personIds\":[\"" + bound + "\",\"" + unbound + "\"],\"template\":\"text-notice\","
                        + "\"data\":{\"name\":\"王五\",\"notice\":\"n1\"}}",
                "{\"personIds\":[\"" + bound + "\"],\"template\":",
                "",
                "{\"personIds\":[\"" + bound + "\"],\"template\":\"missing-template\"}",
                "{\"personIds\":[\"" + bound + "\"],\"template\":\"text-notice\",\"data\":{\"name\":\"x\"}}",
                "{\"personIds\":[\"" + bound + "\"],\"message\":{\"msgtype\":\"text\",\"text\":{\"content\":\"last\"}}}");
        Path inbox = Path.of(config.inbox());
        Files.createDirectories(inbox);
        Path tmp = inbox.resolve(name + ".part");
        Files.write(tmp, lines, StandardCharsets.UTF_8);
        Files.move(tmp, inbox.resolve(name));

        Path report = Path.of(config.reports()).resolve(name + ".report.json");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(report));
        JsonNode r = json.readTree(report.toFile());
        assertThat(r.get("lines").asInt()).isEqualTo(5);
        assertThat(r.get("requests_sent").asInt()).isEqualTo(2);
        assertThat(r.get("requests_rejected").asInt()).isEqualTo(3);
        assertThat(r.at("/persons/sent").asInt()).isEqualTo(2);
        assertThat(r.at("/persons/unbound").asInt()).isEqualTo(1);
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
}
