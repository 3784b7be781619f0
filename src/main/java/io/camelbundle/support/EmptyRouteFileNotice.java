package io.camelbundle.support;

import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * Dev mode reloads a route file on every change, and an editor that truncates a file before writing it makes
 * Camel read it empty once: a WARN with a 30-line stack trace ("Resource is empty") followed by the good reload
 * a moment later. That record becomes one INFO line naming the file. A file that stays broken still shows in
 * the route-files readiness check ({@link io.camelbundle.routes.RouteFilesReadinessCheck}).
 */
final class EmptyRouteFileNotice {

    static final String RELOADER = "org.apache.camel.support.FileWatcherResourceReloadStrategy";
    private static final String EMPTY = "Resource is empty: ";

    private EmptyRouteFileNotice() {
    }

    /** Rewrites the record in place when it is Camel's reload failure on an empty file; other records untouched. */
    static void shorten(LogRecord record) {
        if (record.getThrown() == null || !RELOADER.equals(record.getLoggerName())) {
            return;
        }
        for (Throwable t = record.getThrown(); t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage();
            if (message != null && message.startsWith(EMPTY)) {
                String file = message.substring(EMPTY.length()).replaceFirst("^file:", "");
                String text = "Route file " + file + " is empty (saved part-way?); it is loaded again once written";
                SecretMaskingLogFilter.replaceText(record, text);
                record.setThrown(null);
                record.setLevel(Level.INFO);
                return;
            }
        }
    }
}
