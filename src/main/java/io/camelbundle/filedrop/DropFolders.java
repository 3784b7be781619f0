package io.camelbundle.filedrop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFile;
import org.jboss.logging.Logger;

/**
 * The folders of a vendor's file drop besides its inbox, as absolute paths: where its file consumer moves a
 * file it took (its {@code move} and {@code moveFailed} options): the done folder once processed, the failed
 * folder when it could not be read, never onto an earlier file of the same name ({@link DropNames#freeTarget});
 * and the reports folder. One per vendor: beans {@code omDropFolders}, {@code tzeDropFolders}.
 * <p>
 * The move at the end goes by name, but the name may no longer hold the file that was read: a file renamed onto
 * it while the first was processed replaces it in the inbox (Camel does not list a name in progress). Moved to
 * done, that file would never be read; so the drop remembers the file it took ({@link #taken}) and, when the name
 * holds another file at the end, moves that one to a free name in the inbox instead, where the next poll takes
 * it as a new file.
 */
public final class DropFolders {

    private static final Logger LOG = Logger.getLogger(DropFolders.class);

    /** Exchange property: the file key (device and inode) of the file taken, where the file system has one. */
    static final String TAKEN_FILE_KEY = "CamelBundleDropFileKey";

    private final Path done;
    private final Path failed;
    private final Path reports;

    public DropFolders(String done, String failed, String reports) {
        this.done = Path.of(done).toAbsolutePath();
        this.failed = Path.of(failed).toAbsolutePath();
        this.reports = Path.of(reports).toAbsolutePath();
    }

    /**
     * The folders of {@code vendor}'s file drop ({@code <vendor>.inbox}, {@code .done}, {@code .failed},
     * {@code .reports}), refused when two are the same folder or one of the others lies inside the inbox: the
     * inbox is read with its subfolders, so the drop would take its own output (reports, done files) as input
     * or move its done folder to failed.
     */
    public static DropFolders checked(String vendor, String inbox, String done, String failed, String reports) {
        Map<String, Path> folders = new LinkedHashMap<>();
        folders.put(vendor + ".inbox", normal(inbox));
        folders.put(vendor + ".done", normal(done));
        folders.put(vendor + ".failed", normal(failed));
        folders.put(vendor + ".reports", normal(reports));
        Path in = folders.get(vendor + ".inbox");
        List<String> keys = List.copyOf(folders.keySet());
        for (int i = 0; i < keys.size(); i++) {
            for (int j = i + 1; j < keys.size(); j++) {
                if (folders.get(keys.get(i)).equals(folders.get(keys.get(j)))) {
                    throw new IllegalStateException(keys.get(i) + " and " + keys.get(j) + " are the same folder ("
                            + folders.get(keys.get(i)) + "): each needs its own");
                }
            }
            if (i > 0 && folders.get(keys.get(i)).startsWith(in)) {
                throw new IllegalStateException(keys.get(i) + " (" + folders.get(keys.get(i)) + ") lies inside "
                        + keys.get(0) + " (" + in + "), which is read with its subfolders: put it beside the inbox");
            }
        }
        return new DropFolders(done, failed, reports);
    }

    private static Path normal(String folder) {
        return Path.of(folder).toAbsolutePath().normalize();
    }

    public Path done() {
        return done;
    }

    public Path failed() {
        return failed;
    }

    public Path reports() {
        return reports;
    }

    /**
     * Remembers which file the exchange took, before it is read: the first step of a vendor's file drop. Without
     * it (a file system without file keys) the move goes by name alone.
     */
    public void taken(Exchange exchange) {
        Path path = takenPath(exchange);
        Object key = path == null ? null : fileKey(path);
        if (key != null) {
            exchange.setProperty(TAKEN_FILE_KEY, key);
        }
    }

    /** {@code move: "${bean:<vendor>DropFolders?method=doneTarget}"}. */
    public String doneTarget(Exchange exchange) {
        return target(exchange, done).toString();
    }

    /** {@code moveFailed: "${bean:<vendor>DropFolders?method=failedTarget}"}. */
    public String failedTarget(Exchange exchange) {
        return target(exchange, failed).toString();
    }

    private static Path target(Exchange exchange, Path folder) {
        Path path = takenPath(exchange);
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        Object takenKey = exchange.getProperty(TAKEN_FILE_KEY);
        Object keyNow = takenKey == null ? null : fileKey(path);
        if (keyNow != null && !takenKey.equals(keyNow)) {
            Path kept = DropNames.freeTarget(path.getParent(), name);
            LOG.warnf("%s was replaced in the inbox while it was processed (a file renamed onto its name): the new"
                    + " file is not moved with it but kept in the inbox as %s, to be processed next",
                    DropNames.printable(name), DropNames.printable(kept.getFileName().toString()));
            return kept;
        }
        return DropNames.freeTarget(folder, name);
    }

    /** The file in the inbox the exchange took, as Camel listed it, or null: not an exchange of a file consumer. */
    private static Path takenPath(Exchange exchange) {
        GenericFile<?> file = exchange.getProperty(Exchange.FILE_EXCHANGE_FILE, GenericFile.class);
        return file == null ? null : Path.of(file.getAbsoluteFilePath());
    }

    /** The file key of {@code path} itself (not of a link's target), or null: none, or no file there. */
    private static Object fileKey(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (IOException e) {
            return null;
        }
    }
}
