package io.camelbundle.tze;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.camelbundle.filedrop.DropNames;
import io.camelbundle.filedrop.JsonlAppender;
import io.camelbundle.filedrop.OpenedDrop;
import io.camelbundle.filedrop.Utf8LineSource;

/**
 * One dropped TZE file being sent: its line source, its accounting and its replay file
 * ({@code <stem>.failed.jsonl}, appended as lines fail). Lines finish in any order (the split may run them in
 * parallel), so the accounting is synchronised.
 */
public final class TzeFileRun implements AutoCloseable {

    /** At most this many rejected lines and persons not reached are listed in the report (all are counted). */
    private static final int LIST_MAX = 1000;

    private final String name;
    private final String stem;
    private final String contentHash;
    private final Instant startedAt = Instant.now();
    private final JsonlAppender failedLines;
    private final Utf8LineSource source;
    private int lines;
    private int requestsSent;
    private int requestsRejected;
    private int skippedDuplicates;
    private final Map<String, Integer> persons = new LinkedHashMap<>();
    private final List<Map<String, Object>> rejected = new ArrayList<>();
    private final List<Map<String, Object>> notReached = new ArrayList<>();

    private TzeFileRun(Path file, Path reports, OpenedDrop opened, int maxLineBytes) throws IOException {
        this.name = file.getFileName().toString();
        this.stem = DropNames.reportStem(reports, name);
        this.contentHash = opened.sha256();
        // what an interrupted run of this content left is replaced: every line is accounted again
        Files.deleteIfExists(reports.resolve(stem + ".failed.jsonl"));
        this.failedLines = new JsonlAppender(reports.resolve(stem + ".failed.jsonl"));
        this.source = new Utf8LineSource(new BufferedInputStream(opened.content()), maxLineBytes);
    }

    /**
     * Hashes the content (the first part of every idempotency key of the file), picks the result files' stem
     * and opens the line source; a line longer than {@code maxLineBytes} is read as too long, not held.
     */
    public static TzeFileRun open(Path file, Path reports, int maxLineBytes) throws IOException {
        OpenedDrop opened = OpenedDrop.open(file);
        try {
            return new TzeFileRun(file, reports, opened, maxLineBytes);
        } catch (IOException | RuntimeException e) {
            opened.content().close();
            throw e;
        }
    }

    public String name() {
        return name;
    }

    /** The name of the result files: the file's name, numbered if a report of that name exists. */
    public String stem() {
        return stem;
    }

    /** SHA-256 of the content, hex. */
    public String contentHash() {
        return contentHash;
    }

    /** The idempotency key prefix of a line's sends: the same content and line give the same key. */
    public String keyPrefix(int line) {
        return contentHash + ":" + line;
    }

    /** The lines of the file, one at a time, for the streaming split. */
    public Iterator<Utf8LineSource.Line> lines() {
        return new Iterator<>() {
            private Utf8LineSource.Line next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    try {
                        next = source.next();
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read " + DropNames.printable(name), e);
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

    /** A line that is not blank: one request. */
    public synchronized void requestRead() {
        lines++;
    }

    /**
     * A request was sent: counts every person's result and appends the request, cut down to the persons not
     * reached and with {@code _line} and {@code _reason}, to the replay file.
     */
    public synchronized void sent(int line, TzeDispatch dispatch) {
        requestsSent++;
        List<String> missed = new ArrayList<>();
        StringBuilder reasons = new StringBuilder();
        for (TzeDispatch.Result r : dispatch.results()) {
            if (r.skippedDuplicate()) {
                skippedDuplicates++;
                continue;
            }
            persons.merge(r.status(), 1, Integer::sum);
            if (!r.sent()) {
                missed.add(r.personId());
                reasons.append(reasons.length() == 0 ? "" : "; ").append(r.personId()).append(": ").append(r.reason());
                if (notReached.size() < LIST_MAX) {
                    Map<String, Object> f = new LinkedHashMap<>();
                    f.put("line", line);
                    f.put("personId", r.personId());
                    f.put("status", r.status());
                    f.put("reason", r.reason());
                    notReached.add(f);
                }
            }
        }
        if (!missed.isEmpty()) {
            ObjectNode replay = dispatch.request().forPersons(missed);
            replay.put("_line", line);
            replay.put("_reason", reasons.toString());
            failedLines.append(replay);
        }
    }

    /** A request could not be sent to anyone. */
    public synchronized void rejected(int line, String reason) {
        requestsRejected++;
        if (rejected.size() < LIST_MAX) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("line", line);
            r.put("reason", reason);
            rejected.add(r);
        }
    }

    /** The fields of {@code <stem>.report.json}. */
    public synchronized Map<String, Object> report() {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("file", name);
        report.put("started", startedAt.toString());
        report.put("finished", Instant.now().toString());
        report.put("lines", lines);
        report.put("requests_sent", requestsSent);
        report.put("requests_rejected", requestsRejected);
        report.put("persons", new LinkedHashMap<>(persons));
        report.put("skipped_duplicates", skippedDuplicates);
        report.put("rejected", new ArrayList<>(rejected));
        report.put("not_reached", new ArrayList<>(notReached));
        return report;
    }

    /** The line of the log when the file is done. */
    public synchronized String summary() {
        return String.format("%s: done: %d requests, %d rejected, persons %s, %d persons skipped as already sent%s",
                DropNames.printable(name), lines, requestsRejected, persons, skippedDuplicates,
                stem.equals(name) ? "" : "; report " + DropNames.printable(stem) + ".report.json");
    }

    /** Why the replay file is incomplete (a full disk), or null; complete once {@link #close()} ran. */
    public String replayFailure() {
        return failedLines.failure();
    }

    @Override
    public void close() {
        failedLines.close();
        try {
            source.close();
        } catch (IOException e) {
            // nothing more to read from it
        }
    }
}
