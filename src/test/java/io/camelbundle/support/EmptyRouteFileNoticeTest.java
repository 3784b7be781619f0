package io.camelbundle.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.logging.Level;

import org.apache.camel.RuntimeCamelException;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

class EmptyRouteFileNoticeTest {

    private static ExtLogRecord record(String logger, Throwable thrown) {
        ExtLogRecord record = new ExtLogRecord(Level.WARNING, "Error reloading routes from file: {0}",
                ExtLogRecord.FormatStyle.MESSAGE_FORMAT, logger);
        record.setLoggerName(logger);
        record.setParameters(new Object[]{"routes/a.camel.yaml"});
        record.setThrown(thrown);
        return record;
    }

    @Test
    void anEmptyReadBecomesOneInfoLineNamingTheFile() {
        ExtLogRecord record = record(EmptyRouteFileNotice.RELOADER,
                new RuntimeCamelException(new IOException("Resource is empty: file:routes/a.camel.yaml")));
        EmptyRouteFileNotice.shorten(record);
        assertThat(record.getThrown()).isNull();
        assertThat(record.getLevel()).isEqualTo(Level.INFO);
        assertThat(record.getFormattedMessage())
                .isEqualTo(
                        "Route file routes/a.camel.yaml is empty (saved part-way?); it is loaded again once written");
    }

    @Test
    void otherReloadFailuresAndOtherLoggersKeepTheirStackTrace() {
        IOException broken = new IOException("line 3: mapping values are not allowed here");
        ExtLogRecord reload = record(EmptyRouteFileNotice.RELOADER, broken);
        EmptyRouteFileNotice.shorten(reload);
        assertThat(reload.getThrown()).isSameAs(broken);
        assertThat(reload.getLevel()).isEqualTo(Level.WARNING);

        IOException empty = new IOException("Resource is empty: file:x");
        ExtLogRecord other = record("org.example.Other", empty);
        EmptyRouteFileNotice.shorten(other);
        assertThat(other.getThrown()).isSameAs(empty);
    }
}
