package io.camelbundle.filedrop;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import io.camelbundle.support.Sha256;

/**
 * Names in the file-drop folders that never replace an existing file: a second {@code events.jsonl} goes to
 * {@code done/events.1.jsonl} and reports as {@code events.1.jsonl.report.json} (the number goes before the
 * extension, so the name still says the format). Shared by the OM and the TZE file drop.
 */
public final class DropNames {

    private static final List<String> EXTENSIONS = List.of(".csv.gz", ".jsonl.gz", ".csv", ".jsonl");

    /** Longest file name, in bytes, of the file systems a drop runs on (ext4, xfs and most others). */
    public static final int MAX_NAME_BYTES = 255;

    /** Bytes the longest result file adds to its stem: {@code .report.json.tmp} (ReportFiles' temporary file). */
    static final int RESULT_SUFFIX_BYTES = ".report.json.tmp".length();

    private DropNames() {
    }

    /**
     * {@code name} with {@code .n} before its extension ({@code n} = 0 is the name itself), {@link #fitted} to a
     * file name: a name that was just short enough in the inbox is not one byte longer in done or failed.
     */
    static String numbered(String name, int n) {
        if (n == 0) {
            return name;
        }
        int cut = name.length() - extension(name).length();
        return fitted(name.substring(0, cut) + "." + n + name.substring(cut), 0);
    }

    /** The drop format's extension of {@code name} as written ({@code .csv.gz}, ...), or empty. */
    private static String extension(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (String extension : EXTENSIONS) {
            if (lower.endsWith(extension) && lower.length() > extension.length()) {
                return name.substring(name.length() - extension.length());
            }
        }
        return "";
    }

    /**
     * {@code name} itself if it and {@code reserveBytes} more fit in {@link #MAX_NAME_BYTES} bytes of UTF-8; else
     * its start, {@code ~} and 8 hex digits of its SHA-256, and its extension. Without it, a result file of a
     * long name (about 80 Chinese characters) could not be written and a numbered name not moved to: the file
     * would stay in the inbox and be taken again at every poll.
     */
    public static String fitted(String name, int reserveBytes) {
        int max = MAX_NAME_BYTES - reserveBytes;
        if (utf8Bytes(name) <= max) {
            return name;
        }
        String extension = extension(name);
        String tag = "~" + Sha256.of(name).substring(0, 8);
        String start = name.substring(0, name.length() - extension.length());
        int budget = max - utf8Bytes(tag) - utf8Bytes(extension);
        int end = start.length();
        while (end > 0 && utf8Bytes(start.substring(0, end)) > budget) {
            end = start.offsetByCodePoints(end, -1);
        }
        return start.substring(0, end) + tag + extension;
    }

    private static int utf8Bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Where to move {@code name} in {@code dir}: the name itself, or the first numbered one not taken. */
    public static Path freeTarget(Path dir, String name) {
        for (int n = 0;; n++) {
            Path candidate = dir.resolve(numbered(name, n));
            if (!Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
                return candidate;
            }
        }
    }

    /**
     * The stem of a file's result files in {@code reports} ({@code <stem>.report.json}, ...): the first
     * numbered name whose report does not exist. A run that was interrupted before its report was written
     * gets the same stem again, so its resumed run replaces what it left.
     */
    public static String reportStem(Path reports, String name) {
        for (int n = 0;; n++) {
            String stem = fitted(numbered(name, n), RESULT_SUFFIX_BYTES);
            if (!Files.exists(reports.resolve(stem + ".report.json"), LinkOption.NOFOLLOW_LINKS)) {
                return stem;
            }
        }
    }

    /** The name for a log line: control characters (a line break in a file name) escaped, as in Java. */
    public static String printable(String name) {
        StringBuilder out = new StringBuilder(name.length());
        name.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(switch (c) {
                    case '\n' -> "\\n";
                    case '\r' -> "\\r";
                    case '\t' -> "\\t";
                    default -> String.format("\\u%04x", c);
                });
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
