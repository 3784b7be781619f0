package io.camelbundle.support;

import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.jboss.logmanager.ExtLogRecord;

/**
 * A context that stops within 5 s of a singleton route taking the lead interrupts camel-master's take-over wait
 * on purpose ({@link io.camelbundle.cluster.FileLockGroupsService}), and Camel's BackgroundTask logs that
 * interrupt as a WARN with a stack trace. That record becomes one INFO line naming the group. Only records of
 * the groups' own event threads (named {@code ... - Leadership-<group>}) are touched.
 */
final class TakeOverWaitNotice {

    static final String TASK_LOGGER = "org.apache.camel.support.task.BackgroundTask";
    private static final String GROUP_THREAD = " - Leadership-";

    private TakeOverWaitNotice() {
    }

    /** Rewrites the record in place when it is that interrupt; other records untouched. */
    static void shorten(LogRecord record) {
        if (!(record.getThrown() instanceof InterruptedException) || !TASK_LOGGER.equals(record.getLoggerName())) {
            return;
        }
        String thread = record instanceof ExtLogRecord ext ? ext.getThreadName() : Thread.currentThread().getName();
        int at = thread == null ? -1 : thread.indexOf(GROUP_THREAD);
        if (at < 0) {
            return;
        }
        String group = thread.substring(at + GROUP_THREAD.length());
        SecretMaskingLogFilter.replaceText(record,
                "Stopping: singleton group " + group + " no longer waits for camel-master's take-over to end");
        record.setThrown(null);
        record.setLevel(Level.INFO);
    }
}
