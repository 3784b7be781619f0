package io.camelbundle.tze;

import java.io.BufferedInputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.camelbundle.filedrop.DropFolders;
import io.camelbundle.filedrop.DropNames;
import io.camelbundle.filedrop.InboxGate;
import io.camelbundle.filedrop.JsonlAppender;
import io.camelbundle.filedrop.ReportFiles;
import io.camelbundle.filedrop.Utf8LineSource;
import io.camelbundle.support.Sha256;

/**
 * The steps of routes/tze-file-drop.camel.yaml: every line of a dropped {@code *.jsonl} file is one send
 * request; each gets an outcome. After the last line {@code <reports>/<stem>.report.json} tells how many
 * requests were rejected (with line and reason) and how many persons were reached or not (with reason), and
 * {@code <reports>/<stem>.failed.jsonl} holds, per line, the request cut down to the persons not reached,
 * with a {@code _reason}, ready to be fixed and dropped again; it is written as lines fail, not held in
 * memory. The stem is the file name, numbered if a report of that name exists ({@link DropNames}).
 *
 * <p>Lines are read by the OM drop's {@link Utf8LineSource}: a line longer than
 * {@code tze.file-drop.max-record-bytes} is rejected without being held in memory, bytes that are not UTF-8
 * reject their line.
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

    /** Exchange property of a line sub-exchange: why the line cannot be a request (too long, not UTF-8). */
    public static final String UNREADABLE = "TzeLineUnreadable";

    /** Counts and findings of one file; lines may finish in any order. */
    public static final class Run implements AutoCloseable {
        final String name;
        final String stem;
        final String contentHash;
        final Instant startedAt = Instant.now();
        int lines;
        int requestsSent;
        int requestsRejected;
        int skippedDuplicates;
        final Map<String, Integer> persons = new LinkedHashMap<>();
        final List<Map<String, Object>> rejected = new ArrayList<>();
        final List<Map<String, Object>> failed = new ArrayList<>();
        final JsonlAppender failedLines;
        Utf8LineSource source;

        Run(String name, String stem, String contentHash, Path reports) {
            this.name = name;
            this.stem = stem;
            this.contentHash = contentHash;
            this.failedLines = new JsonlAppender(reports.resolve(stem + ".failed.jsonl"));
        }

        @Override
        public void close() {
            failedLines.close();
            if (source != null) {
                try {
                    source.close();
                } catch (IOException e) {
                    // nothing more to read from it
                }
            }
        }
    }

    private final TzeConfig config;
    private final DropFolders folders;

    TzeFileDrop(TzeConfig config, @Named("tzeDropFolders") DropFolders folders) {
        this.config = config;
        this.folders = folders;
    }

    /** The inbox filter (routes/tze-file-drop.camel.yaml): refuses links, waits for a last line's break. */
    public InboxGate gate(Clock clock) {
        return new InboxGate("tze-file-drop", name -> name.toLowerCase(Locale.ROOT).endsWith(".jsonl"),
                folders.failed(), config.fileDrop().unterminatedAgeMs(), clock, this::writeRefusedReport);
    }

    private Path reports() {
        return Path.of(config.reports()).toAbsolutePath();
    }

    /**
     * Hashes the content (the first part of every idempotency key of the file), picks the result files' stem
     * (replacing what an interrupted run of it left) and opens the line source.
     */
    public void open(Exchange exchange) throws IOException {
        File file = exchange.getMessage().getBody(File.class);
        Path reports = reports();
        String stem = DropNames.reportStem(reports, file.getName());
        Files.deleteIfExists(reports.resolve(stem + ".failed.jsonl"));
        Run run = new Run(file.getName(), stem, Sha256.of(file.toPath()), reports);
        run.source = new Utf8LineSource(new BufferedInputStream(Files.newInputStream(file.toPath())),
                config.fileDrop().maxRecordBytes());
        exchange.setProperty(RUN, run);
        LOG.infof("%s: started (content %s)", DropNames.printable(run.name), run.contentHash.substring(0, 12));
    }

    /** The lines of the file, one at a time, for the streaming split. */
    public Iterator<Utf8LineSource.Line> lines(Exchange exchange) {
        Run run = exchange.getProperty(RUN, Run.class);
        return new Iterator<>() {
            private Utf8LineSource.Line next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    try {
                        next = run.source.next();
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read " + DropNames.printable(run.name), e);
                    }
                }
                return next != null;
            }

            @Override
            public Utf8LineSource.Line next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Utf8LineSource.Line line = next;
                next = null;
                return line;
            }
        };
    }

    /** Closes the file's line source and result file (the route's onCompletion). */
    public void close(Exchange exchange) {
        Run run = exchange.getProperty(RUN, Run.class);
        if (run != null) {
            run.close();
        }
    }

    /**
     * Split step: marks blank lines (skipped) and counts the others; a line too long or not UTF-8 gets
     * {@link #UNREADABLE}, turned into a rejection by {@link #request}.
     */
    public void line(Exchange exchange) {
        Utf8LineSource.Line read = exchange.getMessage().getBody(Utf8LineSource.Line.class);
        String line = read.text();
        exchange.setProperty(LINE, (int) read.number());
        String unreadable = read.tooLong()
                ? "line " + read.number() + " is longer than " + config.fileDrop().maxRecordBytes()
                        + " bytes (tze.file-drop.max-record-bytes)"
                : read.badByteOffset() >= 0 ? "not valid UTF-8 (byte " + read.badByteOffset() + " of the line)" : null;
        boolean blank = unreadable == null && line.isBlank();
        exchange.getMessage().setHeader(BLANK, blank);
        if (unreadable != null) {
            exchange.setProperty(UNREADABLE, unreadable);
        }
        if (!blank) {
            exchange.getMessage().setBody(line.strip());
            Run run = exchange.getProperty(RUN, Run.class);
            exchange.setProperty(TzePersonSends.SENT_KEY_PREFIX, run.contentHash + ":" + lineNumber(exchange));
            synchronized (run) {
                run.lines++;
            }
        }
    }

    /** First step of a line's doTry: a line that cannot be a request is rejected with its reason. */
    public void request(Exchange exchange) {
        String unreadable = exchange.getProperty(UNREADABLE, String.class);
        if (unreadable != null) {
            throw new InvalidTzeRequestException(List.of(unreadable));
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
                run.failedLines.append(replay);
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
        LOG.warnf("%s line %d rejected: %s", DropNames.printable(run.name), line, reason);
    }

    /** Writes the report after the last line. */
    public void finish(Exchange exchange) {
        Run run = exchange.getProperty(RUN, Run.class);
        run.close();
        Map<String, Object> report = new LinkedHashMap<>();
        synchronized (run) {
            report.put("file", run.name);
            report.put("started", run.startedAt.toString());
            report.put("finished", Instant.now().toString());
            report.put("lines", run.lines);
            report.put("requests_sent", run.requestsSent);
            report.put("requests_rejected", run.requestsRejected);
            report.put("persons", new LinkedHashMap<>(run.persons));
            report.put("skipped_duplicates", run.skippedDuplicates);
            report.put("rejected", new ArrayList<>(run.rejected));
            report.put("not_reached", new ArrayList<>(run.failed));
        }
        writeReport(run.stem, report);
        LOG.infof("%s: done: %d requests, %d rejected, persons %s, %d persons skipped as already sent%s",
                DropNames.printable(run.name), run.lines, run.requestsRejected, run.persons, run.skippedDuplicates,
                run.stem.equals(run.name) ? "" : "; report " + DropNames.printable(run.stem) + ".report.json");
    }

    /** The report of an inbox entry refused before reading (a link, not a regular file). */
    void writeRefusedReport(String name, String reason) {
        Map<String, Object> report = new LinkedHashMap<>();
        String now = Instant.now().toString();
        report.put("file", name);
        report.put("started", now);
        report.put("finished", now);
        report.put("lines", 0);
        report.put("error", reason);
        writeReport(DropNames.reportStem(reports(), name), report);
    }

    private void writeReport(String stem, Map<String, Object> report) {
        ReportFiles.writeJson(reports().resolve(stem + ".report.json"), report);
    }

    private static int lineNumber(Exchange exchange) {
        Integer line = exchange.getProperty(LINE, Integer.class);
        return line == null ? 0 : line;
    }
}
