package io.camelbundle.tze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.camelbundle.filedrop.DropFolders;
import io.camelbundle.filedrop.ResultFileException;
import io.camelbundle.filedrop.Utf8LineSource;
import io.camelbundle.support.CapturedLogs;

/** The TZE file drop's steps without a route: lines read with a size limit, failed lines written as they come. */
class TzeFileDropLinesTest {

    private static final int MAX_LINE = 256;

    @TempDir
    Path data;

    private TzeConfig config() {
        TzeConfig.FileDrop fileDrop = (TzeConfig.FileDrop) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{TzeConfig.FileDrop.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "maxRecordBytes" -> MAX_LINE;
                    case "stableAgeMs" -> 5000L;
                    case "unterminatedAgeMs" -> 60000L;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        Map<String, Object> values = Map.of("reports", data.resolve("reports").toString(), "done",
                data.resolve("done").toString(), "failed", data.resolve("failed").toString(), "fileDrop", fileDrop);
        return (TzeConfig) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{TzeConfig.class},
                (proxy, method, args) -> {
                    Object value = values.get(method.getName());
                    if (value == null) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    return value;
                });
    }

    private static String text(String person, String content) {
        return "{\"personIds\":[\"" + person
                + "\",\"nobody\"],\"message\":{\"msgtype\":\"text\",\"text\":{\"content\":\""
                + content + "\"}}}";
    }

    /** A dropped file opened by the file drop, as its route does. */
    private record OpenedFile(TzeFileDrop drop, Exchange exchange) {
        /** The file's first line, read by the line steps. */
        Exchange firstLine(TzeLineSteps steps) {
            Exchange line = exchange.copy();
            line.getMessage().setBody(drop.lines(exchange).next());
            steps.read(line);
            return line;
        }
    }

    private OpenedFile open(String name, String line) throws Exception {
        TzeConfig config = config();
        TzeFileDrop drop = new TzeFileDrop(config, new DropFolders(config.done(), config.failed(), config.reports()));
        Path file = Files.createDirectories(data.resolve("inbox")).resolve(name);
        Files.write(file, List.of(line), StandardCharsets.UTF_8);
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setBody(file.toFile());
        drop.open(exchange);
        return new OpenedFile(drop, exchange);
    }

    @Test
    void aLineOverTheLimitIsRejectedAndFailedLinesReachTheDiskBeforeTheFileIsDone() throws Exception {
        TzeConfig config = config();
        TzeFileDrop drop = new TzeFileDrop(config, new DropFolders(config.done(), config.failed(), config.reports()));
        TzeLineSteps steps = new TzeLineSteps(config);
        List<String> lines = new ArrayList<>();
        lines.add(text("p", "x".repeat(MAX_LINE)));
        for (int i = 0; i < 1000; i++) {
            lines.add(text("p", "line " + i));
        }
        Path file = Files.createDirectories(data.resolve("inbox")).resolve("many.jsonl");
        Files.write(file, lines, StandardCharsets.UTF_8);
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setBody(file.toFile());
        drop.open(exchange);

        Iterator<Utf8LineSource.Line> read = drop.lines(exchange);
        Exchange first = exchange.copy();
        first.getMessage().setBody(read.next());
        steps.read(first);
        assertThatThrownBy(() -> steps.request(first)).isInstanceOf(InvalidTzeRequestException.class)
                .hasMessageContaining("line 1 is longer than " + MAX_LINE + " bytes");

        Path failed = data.resolve("reports/many.jsonl.failed.jsonl");
        while (read.hasNext()) {
            Exchange line = exchange.copy();
            line.getMessage().setBody(read.next());
            steps.read(line);
            steps.request(line);
            TzeSendRequest request = TzeSendRequest.parse(line.getMessage().getBody(String.class));
            TzeDispatch dispatch = new TzeDispatch(request, "{}");
            dispatch.record(new TzeDispatch.Result("p", "sent", "000000", null));
            dispatch.record(new TzeDispatch.Result("nobody", "unbound", null, "no binding"));
            line.setProperty(TzeMessages.DISPATCH, dispatch);
            steps.sent(line);
        }
        assertThat(Files.size(failed)).as("written while the file runs, not kept for the end").isPositive();

        drop.finish(exchange);
        List<String> parked = Files.readAllLines(failed);
        assertThat(parked).hasSize(1000).allMatch(l -> l.contains("\"nobody\"") && !l.contains("\"p\""));
        assertThat(TzeSendRequest.parse(parked.get(0)).personIds()).as("dropped again as written")
                .containsExactly("nobody");
        JsonNode report = new ObjectMapper().readTree(data.resolve("reports/many.jsonl.report.json").toFile());
        assertThat(report.get("requests_sent").asInt()).isEqualTo(1000);
        assertThat(report.get("started").asText()).isNotBlank();
        assertThat(report.get("finished").asText()).isNotBlank();
    }

    /** Windows editors (and PowerShell 5.1) start a UTF-8 file with a byte order mark. */
    @Test
    void aByteOrderMarkIsNotPartOfTheFirstRequest() throws Exception {
        TzeLineSteps steps = new TzeLineSteps(config());
        OpenedFile opened = open("bom.jsonl", "\uFEFF" + text("p", "hello"));
        Exchange line = opened.firstLine(steps);
        steps.request(line);
        assertThat(TzeSendRequest.parse(line.getMessage().getBody(String.class)).personIds())
                .containsExactly("p", "nobody");
        opened.drop().finish(opened.exchange());
    }

    @Test
    void aRejectedLineIsLoggedOnOneLineWhateverItQuotes() throws Exception {
        TzeLineSteps steps = new TzeLineSteps(config());
        OpenedFile opened = open("quoted.jsonl", "{\"personIds\":[\"p\"],\"template\":\"a\\nERROR forged line\"}");
        Exchange line = opened.firstLine(steps);
        line.setProperty(Exchange.EXCEPTION_CAUGHT,
                new InvalidTzeRequestException(List.of("template: unknown template 'a\nERROR forged line'")));

        List<String> logged = CapturedLogs.of(TzeLineSteps.class, () -> steps.rejected(line));

        assertThat(logged).singleElement().asString().contains("a\\nERROR forged line").doesNotContain("\n");
        opened.drop().finish(opened.exchange());
    }

    @Test
    void aReplayFileThatCannotBeWrittenIsTheReportsErrorAndFailsTheFile() throws Exception {
        TzeLineSteps steps = new TzeLineSteps(config());
        OpenedFile opened = open("full.jsonl", text("p", "hello"));
        TzeFileDrop drop = opened.drop();
        Exchange exchange = opened.exchange();
        // where the replay lines go is not writable (as on a full disk)
        Files.createDirectories(data.resolve("reports/full.jsonl.failed.jsonl"));

        Exchange line = opened.firstLine(steps);
        steps.request(line);
        TzeDispatch dispatch = new TzeDispatch(TzeSendRequest.parse(line.getMessage().getBody(String.class)), "{}");
        dispatch.record(new TzeDispatch.Result("p", "sent", "000000", null));
        dispatch.record(new TzeDispatch.Result("nobody", "unbound", null, "no binding"));
        line.setProperty(TzeMessages.DISPATCH, dispatch);
        steps.sent(line); // the request was sent: its accounting stands, whatever the replay file does

        assertThatThrownBy(() -> drop.finish(exchange)).isInstanceOf(ResultFileException.class)
                .hasMessageStartingWith("full.jsonl: cannot write full.jsonl.failed.jsonl: ");
        JsonNode report = new ObjectMapper().readTree(data.resolve("reports/full.jsonl.report.json").toFile());
        assertThat(report.get("requests_sent").asInt()).isEqualTo(1);
        assertThat(report.get("requests_rejected").asInt()).isZero();
        assertThat(report.get("not_reached").get(0).get("personId").asText()).isEqualTo("nobody");
        assertThat(report.get("error").asText()).startsWith("cannot write full.jsonl.failed.jsonl: ")
                .endsWith("(the file is incomplete; 1 line was meant for it)");
    }
}
