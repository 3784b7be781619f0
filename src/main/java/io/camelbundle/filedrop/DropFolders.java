package io.camelbundle.filedrop;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;

/**
 * The folders of a vendor's file drop besides its inbox, as absolute paths: where its file consumer moves a
 * file it took (its {@code move} and {@code moveFailed} options): the done folder once processed, the failed
 * folder when it could not be read, never onto an earlier file of the same name ({@link DropNames#freeTarget});
 * and the reports folder. One per vendor: beans {@code omDropFolders}, {@code tzeDropFolders}.
 */
public final class DropFolders {

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

    /** {@code move: "${bean:<vendor>DropFolders?method=doneTarget}"}. */
    public String doneTarget(Exchange exchange) {
        return DropNames.freeTarget(done, fileName(exchange)).toString();
    }

    /** {@code moveFailed: "${bean:<vendor>DropFolders?method=failedTarget}"}. */
    public String failedTarget(Exchange exchange) {
        return DropNames.freeTarget(failed, fileName(exchange)).toString();
    }

    private static String fileName(Exchange exchange) {
        return exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
    }
}
