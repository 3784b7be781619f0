package io.camelbundle.filedrop;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Names in the file-drop folders that never replace an existing file: a second {@code events.jsonl} goes to
 * {@code done/events.1.jsonl} and reports as {@code events.1.jsonl.report.json} (the number goes before the
 * extension, so the name still says the format). Shared by the OM and the TZE file drop.
 */
public final class DropNames {

    private static final List<String> EXTENSIONS = List.of(".csv.gz", ".jsonl.gz", ".csv", ".jsonl");

    private DropNames() {
    }

    /** {@code name} with {@code .n} before its extension ({@code n} = 0 is the name itself). */
    static String numbered(String name, int n) {
        if (n == 0) {
            return name;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        for (String extension : EXTENSIONS) {
            if (lower.endsWith(extension) && lower.length() > extension.length()) {
                int cut = name.length() - extension.length();
                return name.substring(0, cut) + "." + n + name.substring(cut);
            }
        }
        return name + "." + n;
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
            String stem = numbered(name, n);
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
