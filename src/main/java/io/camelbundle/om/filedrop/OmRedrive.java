package io.camelbundle.om.filedrop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.camelbundle.filedrop.DropNames;
import io.camelbundle.om.OmConfig;
import io.camelbundle.support.LogSafe;

/**
 * Re-drives parked records: moves every {@code <file>.failed.jsonl} the OM file drop wrote from om.reports
 * into the inbox, where the file-drop route sends them again (called by routes/om-redrive.camel.yaml on
 * om.redrive-cron). The moved file gets a time stamp in its name so its own report does not overwrite an
 * earlier one.
 *
 * <p>Only files of finished OM runs move: the sibling {@code <file>.report.json} must exist and be an OM
 * report. A TZE file's failed lines (another vendor's requests, should both share a folder) and the
 * failed lines of a run still going or interrupted (which its resumed run rewrites) stay where they are.
 */
@ApplicationScoped
@Named("omRedrive")
public class OmRedrive {

    private static final Logger LOG = Logger.getLogger(OmRedrive.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss")
            .withZone(ZoneOffset.UTC);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern EARLIER_REDRIVES = Pattern
            .compile("(.+?)(\\.failed\\.redrive-\\d{8}T\\d{6}(\\.\\d+)?\\.jsonl)+");

    private final Path reports;
    private final Path inbox;
    private final Clock clock;

    @Inject
    OmRedrive(OmConfig config, Clock clock) {
        this(Path.of(config.reports()), Path.of(config.inbox()), clock);
    }

    OmRedrive(Path reports, Path inbox, Clock clock) {
        this.reports = reports;
        this.inbox = inbox;
        this.clock = clock;
    }

    /** Whether {@code failed} is the parked file of a finished OM run: its report exists and is an OM one. */
    static boolean isOmRun(Path failed) {
        String name = failed.getFileName().toString();
        Path report = failed.resolveSibling(name.substring(0, name.length() - ".failed.jsonl".length())
                + ".report.json");
        try {
            JsonNode body = JSON.readTree(report.toFile());
            // fields only the OM report has (the TZE report counts lines and persons instead)
            return body != null && body.has("events_per_second") && body.has("unknown_fields");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * {@code <original>.failed.redrive-<stamp>.jsonl} for {@code <original>.failed.jsonl}, also when the parked
     * file came from an earlier re-drive: its earlier {@code .failed.redrive-<stamp>.jsonl} parts are dropped,
     * so a record refused on every run does not grow the name by 37 characters a cycle until it is too long.
     */
    String targetName(String parked) {
        String stem = parked.substring(0, parked.length() - ".failed.jsonl".length());
        Matcher earlier = EARLIER_REDRIVES.matcher(stem);
        String original = earlier.matches() ? earlier.group(1) : stem;
        return DropNames.fitted(original + ".failed.redrive-" + STAMP.format(clock.instant()) + ".jsonl", 0);
    }

    /** Moves the parked files into the inbox; returns their new names. */
    public List<String> redrive() throws IOException {
        List<String> moved = new ArrayList<>();
        if (!Files.isDirectory(reports)) {
            return moved;
        }
        Files.createDirectories(inbox);
        List<Path> parked;
        try (Stream<Path> files = Files.list(reports)) {
            parked = files.filter(p -> p.getFileName().toString().endsWith(".failed.jsonl")).filter(OmRedrive::isOmRun)
                    .sorted().toList();
        }
        for (Path file : parked) {
            Path target = DropNames.freeTarget(inbox, targetName(file.getFileName().toString()));
            try {
                // a move within one volume is atomic: the inbox never sees a half-written file
                Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
                moved.add(target.getFileName().toString());
            } catch (IOException e) {
                // one file that cannot move (its name, the disk) does not keep the others parked
                LOG.warnf("Cannot re-drive %s: %s: %s", DropNames.printable(file.getFileName().toString()),
                        e.getClass().getSimpleName(), LogSafe.escapeReason(e.getMessage())); // it quotes paths
            }
        }
        if (!moved.isEmpty()) {
            LOG.infof("Re-driving %d parked file(s): %s", moved.size(),
                    moved.stream().map(DropNames::printable).toList());
        }
        return moved;
    }
}
