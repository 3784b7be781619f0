package io.camelbundle.support;

import java.util.logging.Filter;
import java.util.logging.LogRecord;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logmanager.ExtFormatter;
import org.jboss.logmanager.ExtLogRecord;

import io.quarkus.logging.LoggingFilter;

/**
 * Last line of defence (quarkus.log.console.filter=secret-mask): rewrites every record so that no known
 * secret reaches a log handler, whatever code or library wrote it. The message is formatted, masked and
 * stored without parameters; a thrown exception whose text carries a secret is replaced by a masked copy
 * with the same stack trace. Code that handles vendor text masks it itself ({@link Secrets#mask}); this
 * catches what slips through, e.g. a library quoting a URL.
 */
@LoggingFilter(name = "secret-mask")
public final class SecretMaskingLogFilter implements Filter {

    /** Formats a record's message as the handlers will (printf or MessageFormat style); holds no state. */
    private static final ExtFormatter MESSAGES = new ExtFormatter() {
        @Override
        public String format(ExtLogRecord record) {
            return formatMessage(record);
        }
    };

    public SecretMaskingLogFilter() {
        // the handlers are set up before any bean, so the configured secrets are registered here first
        Secrets.fromConfig(ConfigProvider.getConfig());
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        // the console's one filter also quiets dev mode's reload of a route file saved part-way, and the
        // take-over wait a quick stop interrupts
        EmptyRouteFileNotice.shorten(record);
        TakeOverWaitNotice.shorten(record);
        return mask(record);
    }

    /** Masks the record in place; always true (nothing is dropped). */
    static boolean mask(LogRecord record) {
        String formatted = MESSAGES.formatMessage(record);
        String masked = Secrets.mask(formatted);
        if (masked != null && !masked.equals(formatted)) {
            replaceText(record, masked);
        }
        if (record.getThrown() != null && MaskedThrowable.needsMasking(record.getThrown())) {
            record.setThrown(MaskedThrowable.of(record.getThrown()));
        }
        return true;
    }

    /** The record's message becomes {@code text} as it stands: no parameters, nothing formatted into it. */
    static void replaceText(LogRecord record, String text) {
        if (record instanceof ExtLogRecord ext) {
            ext.setMessage(text, ExtLogRecord.FormatStyle.NO_FORMAT);
        } else {
            record.setMessage(text);
        }
        record.setParameters(null);
    }

    /** Prints like the original (class name and masked message), with the original's stack trace. */
    static final class MaskedThrowable extends Throwable {

        private final String text;

        private MaskedThrowable(Throwable original, Throwable maskedCause) {
            super(null, maskedCause, false, true);
            this.text = Secrets.mask(original.toString());
            setStackTrace(original.getStackTrace());
        }

        static Throwable of(Throwable original) {
            Throwable cause = original.getCause() == null || original.getCause() == original ? null
                    : of(original.getCause());
            return new MaskedThrowable(original, cause);
        }

        static boolean needsMasking(Throwable thrown) {
            for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
                String text = t.toString();
                if (!text.equals(Secrets.mask(text))) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
