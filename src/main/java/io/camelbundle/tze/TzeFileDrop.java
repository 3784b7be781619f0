package io.camelbundle.tze;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.camel.Exchange;
import org.jboss.logging.Logger;

import io.camelbundle.support.Sha256;

/**
 * The steps of routes/tze-file-drop.camel.yaml: every line of a dropped {@code *.jsonl} file is one send
 * request; each gets an outcome. After the last line {@code <reports>/<file>.report.json} tells how many
 * requests were rejected (with line and reason) and how many persons were reached or not (with reason), and
 * {@code <reports>/<file>.failed.jsonl} holds, per line, the request cut down to the persons not reached,
 * with a {@code _reason}, ready to be fixed and dropped again.
 *
 * <p>Idempotent: each line's sends carry the key prefix {@code <SHA-256 of the file>:<line>}, so a person TZE
 * confirmed is remembered per content, line and person (tzeSentRecords, in the database) and skipped when the
 * same content is dropped again or processed again after a crash; the report counts those persons as
 * {@code skipped_duplicates}.
 */
@ApplicationScoped
@Named("tzeFileDrop")
public class TzeFileDrop {

    /** Exchange property with the {@link Run} of the file. */
    public static final String RUN = "TzeFileRun";
    /** Exchange property of a line sub-exchange: its line number (1-based). */
    public static final String LINE = "TzeLine";
    /** Header of a line sub-exchange: true for a blank line. */
    public static final String BLANK = "TzeBlankLine";
    private static final int LIST_MAX = 1000;

    private static final Logger LOG = Logger.getLogger(TzeFileDrop.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Counts and findings of one file; lines may finish in any order. */
    public static final class Run {
        final String name;
        final String contentHash;
        final Instant startedAt = Instant.now();
        int lines;
        int requestsSent;
        int requestsRejected;
        int skippedDuplicates;
        final Map<String, Integer> persons = new LinkedHashMap<>();
        final List<Map<String, Object>> rejected = new ArrayList<>();
        final List<Map<String, Object>> failed = new ArrayList<>();
        final List<String> failedLines = new ArrayList<>();

        Run(String name, String contentHash) {
            this.name = name;
            this.contentHash = contentHash;
        }
    }

    private final TzeConfig config;

    TzeFileDrop(TzeConfig config) {
        this.config = config;
    }

    public String doneDir() {
        return Path.of(config.done()).toAbsolutePath().toString();
    }

    public String failedDir() {
        return Path.of(config.failed()).toAbsolutePath().toString();
    }

    /** Hashes the content (the first part of every idempotency key of the file). */
    public void open(Exchange exchange) throws IOException {
        File file = exchange.getMessage().getBody(File.class);
        Run run = new Run(file.getName(), Sha256.of(file.toPath()));
        exchange.setProperty(RUN, run);
        LOG.infof("%s: started (content %s)", run.name, run.contentHash.substring(0, 12));
    }

    /** Split step: marks blank lines (skipped) and counts the others. */
    public void line(Exchange exchange) {
        String line = exchange.getMessage().getBody(String.class);
        boolean blank = line == null || line.isBlank();
        exchange.getMessage().setHeader(BLANK, blank);
        Integer index = exchange.getProperty(Exchange.SPLIT_INDEX, Integer.class);
        exchange.setProperty(LINE, index == null ? 0 : index + 1);
        if (!blank) {
            exchange.getMessage().setBody(line.strip());
            Run run = exchange.getProperty(RUN, Run.class);
            exchange.setProperty(TzeMessages.SENT_KEY_PREFIX, run.contentHash + ":" + lineNumber(exchange));
            synchronized (run) {
                run.lines++;
            }
        }
    }

    /** Split step after direct:tze-send: accounts every person's result. */
    public void lineSent(Exchange exchange) {
        Run run = exchange.getProperty(RUN, Run.class);
        TzeDispatch dispatch = exchange.getProperty(TzeMessages.DISPATCH, TzeDispatch.class);
        int line = lineNumber(exchange);
        synchronized (run) {
            run.requestsSent++;
            List<String> notReached = new ArrayList<>();
            StringBuilder reasons = new StringBuilder();
            for (TzeDispatch.Result r : dispatch.results()) {
                if (r.skippedDuplicate()) {
                    run.skippedDuplicates++;
                    continue;
                }
                run.persons.merge(r.status(), 1, Integer::sum);
                if (!r.sent()) {
                    notReached.add(r.personId());
                    reasons.append(reasons.length() == 0 ? "" : "; ").append(r.personId()).append(": ")
                            .append(r.reason());
                    if (run.failed.size() < LIST_MAX) {
                        Map<String, Object> f = new LinkedHashMap<>();
                        f.put("line", line);
                        f.put("personId", r.personId());
                        f.put("status", r.status());
                        f.put("reason", r.reason());
                        run.failed.add(f);
                    }
                }
            }
            if (!notReached.isEmpty()) {
                ObjectNode replay = dispatch.request().forPersons(notReached);
                replay.put("_line", line);
                replay.put("_reason", reasons.toString());
                run.failedLines.add(replay.toString());
            }
        }
    }

    /** doCatch of a line: the request could not be sent to anyone. */
    public void lineRejected(Exchange exchange) {
        Run run = exchange.getProperty(RUN, Run.class);
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String reason = e instanceof InvalidTzeRequestException invalid ? String.join("; ", invalid.problems())
                : e == null ? "unknown" : e.getClass().getSimpleName() + ": " + e.getMessage();
        int line = lineNumber(exchange);
        synchronized (run) {
            run.requestsRejected++;
            if (run.rejected.size() < LIST_MAX) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("line", line);
                r.put("reason", reason);
                run.rejected.add(r);
            }
        }
        LOG.warnf("%s line %d rejected: %s", run.name, line, reason);
    }

    /** Writes the report after the last line. */
    public void finish(Exchange exchange) {
        Run run = exchange.getProperty(RUN, Run.class);
        Path reports = Path.of(config.reports()).toAbsolutePath();
        Map<String, Object> report = new LinkedHashMap<>();
        synchronized (run) {
            report.put("file", run.name);
            report.put("started_at", run.startedAt.toString());
            report.put("finished_at", Instant.now().toString());
            report.put("lines", run.lines);
            report.put("requests_sent", run.requestsSent);
            report.put("requests_rejected", run.requestsRejected);
            report.put("persons", new LinkedHashMap<>(run.persons));
            report.put("skipped_duplicates", run.skippedDuplicates);
            report.put("rejected", new ArrayList<>(run.rejected));
            report.put("not_reached", new ArrayList<>(run.failed));
        }
        try {
            Files.createDirectories(reports);
            JSON.writeValue(reports.resolve(run.name + ".report.json").toFile(), report);
            Path failedLines = reports.resolve(run.name + ".failed.jsonl");
            if (!run.failedLines.isEmpty()) {
                Files.write(failedLines, run.failedLines, StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
            } else {
                // an earlier run of a file with this name may have left one: it is no longer true
                Files.deleteIfExists(failedLines);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report of " + run.name, e);
        }
        LOG.infof("%s: done: %d requests, %d rejected, persons %s, %d persons skipped as already sent", run.name,
                run.lines, run.requestsRejected, run.persons, run.skippedDuplicates);
    }

    private static int lineNumber(Exchange exchange) {
        Integer line = exchange.getProperty(LINE, Integer.class);
        return line == null ? 0 : line;
    }
}
