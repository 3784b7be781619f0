package io.camelbundle.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.logging.Level;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

class TakeOverWaitNoticeTest {

    private static ExtLogRecord record(String logger, String thread, Throwable thrown) {
        ExtLogRecord record = new ExtLogRecord(Level.WARNING,
                "Interrupted while waiting for the repeatable task to execute: {0}",
                ExtLogRecord.FormatStyle.MESSAGE_FORMAT, logger);
        record.setLoggerName(logger);
        record.setParameters(new Object[]{"null"});
        record.setThreadName(thread);
        record.setThrown(thrown);
        return record;
    }

    @Test
    void theInterruptedWaitOfAGroupThreadBecomesOneInfoLineNamingTheGroup() {
        ExtLogRecord record = record(TakeOverWaitNotice.TASK_LOGGER,
                "Camel (camel-1) thread #3 - Leadership-token-refresh", new InterruptedException());
        TakeOverWaitNotice.shorten(record);
        assertThat(record.getThrown()).isNull();
        assertThat(record.getLevel()).isEqualTo(Level.INFO);
        assertThat(record.getFormattedMessage()).isEqualTo(
                "Stopping: singleton group token-refresh no longer waits for camel-master's take-over to end");
    }

    @Test
    void soDoesThatOfAKubernetesGroupThread() {
        ExtLogRecord record = record(TakeOverWaitNotice.TASK_LOGGER, "bundle-leadership-om-file-drop",
                new InterruptedException());
        TakeOverWaitNotice.shorten(record);
        assertThat(record.getThrown()).isNull();
        assertThat(record.getFormattedMessage()).isEqualTo(
                "Stopping: singleton group om-file-drop no longer waits for camel-master's take-over to end");
    }

    @Test
    void otherThreadsOtherFailuresAndOtherLoggersKeepTheirWarning() {
        InterruptedException interrupted = new InterruptedException();
        ExtLogRecord masterPool = record(TakeOverWaitNotice.TASK_LOGGER, "Camel (camel-1) thread #5 - Leadership",
                interrupted);
        TakeOverWaitNotice.shorten(masterPool);
        assertThat(masterPool.getThrown()).isSameAs(interrupted);
        assertThat(masterPool.getLevel()).isEqualTo(Level.WARNING);

        IllegalStateException failed = new IllegalStateException("start failed");
        ExtLogRecord otherFailure = record(TakeOverWaitNotice.TASK_LOGGER,
                "Camel (camel-1) thread #3 - Leadership-om-file-drop", failed);
        TakeOverWaitNotice.shorten(otherFailure);
        assertThat(otherFailure.getThrown()).isSameAs(failed);

        ExtLogRecord otherLogger = record("org.example.Other", "Camel (camel-1) thread #3 - Leadership-om-file-drop",
                interrupted);
        TakeOverWaitNotice.shorten(otherLogger);
        assertThat(otherLogger.getLevel()).isEqualTo(Level.WARNING);
    }
}
