package io.camelbundle.filedrop;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.jboss.logging.Logger;

/**
 * The file consumer's {@code filter} of a drop inbox (OM and TZE): decides, on every poll, which entries may
 * be taken. It runs before the consumer's name patterns and read lock, so it sees every entry:
 * <ul>
 * <li>anything that is not a regular file (a symbolic link, a pipe, a device) is refused without being
 * opened or followed: it is moved to the failed folder and gets a report with an {@code error};</li>
 * <li>a name the drop does not read is left where it is, with one log line;</li>
 * <li>an uncompressed file whose last byte is not a line break is taken only once it has been unchanged
 * for the unterminated age (longer than the normal stability wait): a writer may be in the middle of a
 * line, which must not be sent as a broken half.</li>
 * </ul>
 * Log lines escape control characters, so a name with a line break shows as one line.
 */
public final class InboxGate implements GenericFileFilter<File> {

    /** Writes the report of a refused entry into the vendor's reports folder. */
    @FunctionalInterface
    public interface RefusalReport {
        void write(String name, String reason);
    }

    private static final Logger LOG = Logger.getLogger(InboxGate.class);
    private static final int REMEMBERED = 10_000;

    private final String route;
    private final Predicate<String> readable;
    private final Path failed;
    private final long unterminatedAgeMs;
    private final Clock clock;
    private final RefusalReport report;
    /** Entries already logged as ignored or waiting, so a poll every second does not log each time. */
    private final Set<String> logged = Collections.newSetFromMap(new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    });

    public InboxGate(String route, Predicate<String> readable, Path failed, long unterminatedAgeMs, Clock clock,
            RefusalReport report) {
        this.route = route;
        this.readable = readable;
        this.failed = failed;
        this.unterminatedAgeMs = unterminatedAgeMs;
        this.clock = clock;
        this.report = report;
    }

    @Override
    public boolean accept(GenericFile<File> file) {
        Path path;
        try {
            path = Path.of(file.getAbsoluteFilePath());
        } catch (InvalidPathException e) {
            // a name the JVM's charset cannot encode back (no UTF-8 locale): it cannot even be moved
            logOnce("unaddressable:" + file.getFileNameOnly(), "%s: %s cannot be read or moved: its name is not"
                    + " valid in the JVM's file name charset %s (run with a UTF-8 locale, e.g. LANG=C.UTF-8)", route,
                    DropNames.printable(file.getFileNameOnly()), System.getProperty("sun.jnu.encoding"));
            return false;
        }
        return accept(path);
    }

    boolean accept(Path path) {
        String name = path.getFileName().toString();
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            if (name.indexOf('\uFFFD') >= 0) {
                // bytes that are not UTF-8 in the name (a GBK name, say) were listed as U+FFFD, and that name
                // leads nowhere: the file can be neither read nor moved, so it is named in the log, not skipped silently
                logOnce("undecodable:" + name, "%s: %s cannot be read or moved: its name is not valid UTF-8 (file"
                        + " names in %s; rename it)", route, DropNames.printable(name),
                        System.getProperty("sun.jnu.encoding"));
            }
            return false; // gone since the listing
        }
        if (!attributes.isRegularFile()) {
            refuse(path, name, attributes);
            return false;
        }
        if (!readable.test(name)) {
            logOnce("ignored:" + name, "%s: %s is ignored: its name does not end in a format this drop reads", route,
                    DropNames.printable(name));
            return false;
        }
        if (name.toLowerCase(Locale.ROOT).endsWith(".gz") || endsWithLineBreak(path, attributes.size())) {
            return true;
        }
        long age = clock.millis() - attributes.lastModifiedTime().toMillis();
        if (age >= unterminatedAgeMs) {
            return true;
        }
        logOnce("waiting:" + name, "%s: %s waits: its last line has no line break yet (taken once unchanged for %d ms)",
                route, DropNames.printable(name), unterminatedAgeMs);
        return false;
    }

    private void refuse(Path path, String name, BasicFileAttributes attributes) {
        String what = attributes.isSymbolicLink() ? "a symbolic link" : attributes.isDirectory() ? "a directory"
                : "not a regular file (pipe, socket or device)";
        String reason = name + " is " + what + "; only regular files are read (links are not followed)";
        try {
            Files.createDirectories(failed);
            Path target = DropNames.freeTarget(failed, name);
            Files.move(path, target, LinkOption.NOFOLLOW_LINKS);
            report.write(name, reason);
            LOG.errorf("%s: %s refused: %s; moved to %s", route, DropNames.printable(name), what, target.getParent());
        } catch (IOException | RuntimeException e) {
            logOnce("refused:" + name, "%s: %s refused (%s) but could not be moved to %s: %s", route,
                    DropNames.printable(name), what, failed, e.getMessage());
        }
    }

    private static boolean endsWithLineBreak(Path path, long size) {
        if (size == 0) {
            return true; // nothing half-written; an empty file is reported as such
        }
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer last = ByteBuffer.allocate(1);
            channel.read(last, size - 1);
            return last.get(0) == '\n';
        } catch (IOException e) {
            return false;
        }
    }

    private void logOnce(String key, String format, Object... args) {
        boolean first;
        synchronized (logged) {
            first = logged.add(key);
        }
        if (first) {
            LOG.warnf(format, args);
        }
    }
}
