package io.camelbundle.tze;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.jboss.logging.Logger;

import io.camelbundle.filedrop.DropFolders;
import io.camelbundle.filedrop.DropNames;
import io.camelbundle.filedrop.InboxGate;
import io.camelbundle.filedrop.ReportFiles;
import io.camelbundle.filedrop.ResultFileException;
import io.camelbundle.filedrop.Utf8LineSource;

/**
 * The per-file steps of routes/tze-file-drop.camel.yaml (open, lines, finish, close; the steps of each line
 * are {@link TzeLineSteps}): every line of a dropped {@code *.jsonl} file is one send request. After the last
 * line {@code <reports>/<stem>.report.json} tells how many requests were rejected (with line and reason) and
 * how many persons were reached or not (with reason), and {@code <reports>/<stem>.failed.jsonl} holds, per
 * line, the request cut down to the persons not reached, with a {@code _reason}, ready to be fixed and
 * dropped again; it is written as lines fail, not held in memory. The stem is the file name, numbered if a
 * report of that name exists ({@link DropNames}).
 *
 * <p>Lines are read by {@link Utf8LineSource}: a line longer than {@code tze.file-drop.max-record-bytes} is
 * rejected without being held in memory, bytes that are not UTF-8 reject their line.
 *
 * <p>Idempotent: each line's sends carry the key prefix {@code <SHA-256 of the file>:<line>}, so a person TZE
 * confirmed is remembered per content, line and person (tzeSentRecords, in the database) and skipped when the
 * same content is dropped again or processed again after a crash; the report counts those persons as
 * {@code skipped_duplicates}.
 */
@ApplicationScoped
@Named("tzeFileDrop")
public class TzeFileDrop {

    /** Exchange property with the {@link TzeFileRun} of the file. */
    public static final String RUN = "TzeFileRun";

    private static final Logger LOG = Logger.getLogger(TzeFileDrop.class);

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
        return folders.reports();
    }

    /** Opens the file's {@link TzeFileRun} (content hash, result files' stem, line source). */
    public void open(Exchange exchange) throws IOException {
        File file = exchange.getMessage().getBody(File.class);
        folders.taken(exchange);
        TzeFileRun run = TzeFileRun.open(file.toPath(), reports(), config.fileDrop().maxRecordBytes());
        exchange.setProperty(RUN, run);
        LOG.infof("%s: started (content %s)", DropNames.printable(run.name()), run.contentHash().substring(0, 12));
    }

    /** The lines of the file, one at a time, for the streaming split. */
    public Iterator<Utf8LineSource.Line> lines(Exchange exchange) {
        return exchange.getProperty(RUN, TzeFileRun.class).lines();
    }

    /**
     * Writes the report after the last line, once the replay file is closed. A replay file that could not be
     * written whole (a full disk) is the report's {@code error} and fails the file, so it is kept in
     * tze.failed: dropped again, it reaches only the persons not reached (the others are skipped by key).
     */
    public void finish(Exchange exchange) {
        TzeFileRun run = exchange.getProperty(RUN, TzeFileRun.class);
        run.close();
        String replayFailure = run.replayFailure();
        Map<String, Object> report = run.report();
        if (replayFailure != null) {
            report.put("error", replayFailure);
        }
        ReportFiles.writeJson(reports().resolve(run.stem() + ".report.json"), report);
        if (replayFailure != null) {
            LOG.errorf("%s: %s; report written, file moved to %s: drop it again when the reports folder can be"
                    + " written (persons reached are not sent to again)", DropNames.printable(run.name()),
                    replayFailure, folders.failed());
            throw new ResultFileException(run.name(), replayFailure);
        }
        LOG.info(run.summary());
    }

    /** Closes the file's line source and replay file (the route's onCompletion, also when the file failed). */
    public void close(Exchange exchange) {
        TzeFileRun run = exchange.getProperty(RUN, TzeFileRun.class);
        if (run != null) {
            run.close();
        }
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
        ReportFiles.writeJson(reports().resolve(DropNames.reportStem(reports(), name) + ".report.json"), report);
    }
}
