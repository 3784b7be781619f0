package io.camelbundle.filedrop;

import java.nio.file.Path;

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
