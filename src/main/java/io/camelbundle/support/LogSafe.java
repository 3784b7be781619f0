package io.camelbundle.support;

/**
 * Makes a value that came from outside (a browser, a file, a vendor) safe to put in a log line: control
 * characters are escaped, so a {@code %0a} in a query parameter cannot start a forged log line, and the value
 * is cut to a bound, so a caller cannot fill the log with one request.
 */
public final class LogSafe {

    /** Longest value logged; longer ones are cut and marked. */
    public static final int MAX_LENGTH = 200;

    private LogSafe() {
    }

    /** The value with CR, LF, TAB and every other control character written as an escape, at most 200 characters. */
    public static String escape(String value) {
        return escape(value, MAX_LENGTH);
    }

    /** Longest reason logged (why a record, line or message failed): as long as a dead letter's reason. */
    public static final int REASON_MAX_LENGTH = DeadLetters.REASON_MAX;

    /**
     * A failure's reason as {@link #escape(String)} makes it, cut at {@value #REASON_MAX_LENGTH} characters: a
     * reason may quote a producer's or vendor's text, and is longer than a value.
     */
    public static String escapeReason(String reason) {
        return escape(reason, REASON_MAX_LENGTH);
    }

    private static String escape(String value, int maxLength) {
        if (value == null) {
            return "null";
        }
        int end = Math.min(value.length(), maxLength);
        StringBuilder out = new StringBuilder(end + 16);
        for (int i = 0; i < end; i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        if (value.length() > end) {
            out.append("...(").append(value.length()).append(" chars)");
        }
        return out.toString();
    }
}
