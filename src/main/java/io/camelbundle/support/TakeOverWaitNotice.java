package io.camelbundle.support;

import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.jboss.logmanager.ExtLogRecord;

/**
 * A context that stops within 5 s of a singleton route taking the lead interrupts camel-master's take-over wait
 * on purpose ({@link io.camelbundle.cluster.FileLockGroupsService}, {@link io.camelbundle.cluster.LeaseClusterView}),
 * and Camel's BackgroundTask logs that interrupt as a WARN with a stack trace. That record becomes one INFO line
 * naming the group. Only records of the groups' own event threads are touched: {@code ... - Leadership-<group>}
 * (file lock) and {@code bundle-leadership-<group>} (Kubernetes Leases).
 */
final class TakeOverWaitNotice {

    static final String TASK_LOGGER = "org.apache.camel.support.task.BackgroundTask";
    private static final String GROUP_THREAD = " - Leadership-";
    private static final String LEASE_GROUP_THREAD = "bundle-leadership-";

    private TakeOverWaitNotice() {
    }

    /** Rewrites the record in place when it is that interrupt; other records untouched. */
    static void shorten(LogRecord record) {
        if (!(record.getThrown() instanceof InterruptedException) || !TASK_LOGGER.equals(record.getLoggerName())) {
            return;
        }
        String thread = record instanceof ExtLogRecord ext ? ext.getThreadName() : Thread.currentThread().getName();
        String group = groupOf(thread);
        if (group == null) {
            return;
        }
        SecretMaskingLogFilter.replaceText(record,
                "Stopping: singleton group " + group + " no longer waits for camel-master's take-over to end");
        record.setThrown(null);
        record.setLevel(Level.INFO);
    }

    /** The group whose event thread this is; null for any other thread. */
    private static String groupOf(String thread) {
        if (thread == null) {
            return null;
        }
        if (thread.startsWith(LEASE_GROUP_THREAD)) {
            return thread.substring(LEASE_GROUP_THREAD.length());
        }
        int at = thread.indexOf(GROUP_THREAD);
        return at < 0 ? null : thread.substring(at + GROUP_THREAD.length());
    }
}
