package io.camelbundle.om.filedrop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.camelbundle.filedrop.DropFolders;
import io.camelbundle.om.OmConfig;
import io.camelbundle.persistence.JdbcIdempotentRepository;
import io.camelbundle.token.TestDatabases;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The database goes away. When a dropped file is opened (claimPrefix fails): the exchange fails, so the
 * route's moveFailed puts the file in om.failed, and abandon() finds no job; the file's report says why. While
 * its records are sent (the keys of records sent are not stored): sending stops, and the file is not reported
 * done, since a later run would send those records again.
 */
class OmFileDropDatabaseFailureTest {

    @TempDir
    Path dir;

    @SuppressWarnings("unchecked")
    private static <T> T config(Class<T> type) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type},
                (p, m, a) -> switch (m.getName()) {
                    case "events" -> config(OmConfig.Events.class);
                    case "fileDrop" -> config(OmConfig.FileDrop.class);
                    case "maxRecordBytes" -> 1 << 20;
                    case "maxDecompressedBytes", "maxRejectedBytes" -> 1L << 30;
                    case "maxUnknownFields" -> 100;
                    case "maxUnknownFieldLength" -> 200;
                    case "progressInterval" -> Duration.ofHours(1);
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    @Test
    void aFileWhoseSentRecordsCannotBeRememberedStopsSendingAndIsNotReportedDone() throws Exception {
        AtomicBoolean down = new AtomicBoolean();
        DataSource flaky = TestDatabases.failingWhile(down, TestDatabases.h2());
        JdbcIdempotentRepository sentRecords = new JdbcIdempotentRepository(flaky, "om-file-drop",
                JdbcIdempotentRepository.AddMode.PIPELINED);
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        Path reports = dir.resolve("reports");
        DropFolders folders = new DropFolders(dir.resolve("done").toString(), dir.resolve("failed").toString(),
                reports.toString());
        Path file = Files.writeString(inbox.resolve("events.jsonl"), "{\"imei\":\"1\"}\n".repeat(5));
        OmFileDrop drop = new OmFileDrop(config(OmConfig.class), sentRecords, folders, new SimpleMeterRegistry());
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            Exchange exchange = new DefaultExchange(camel);
            exchange.getMessage().setBody(file.toFile());
            drop.open(exchange);
            OmFileJob job = exchange.getProperty(OmFileDrop.JOB, OmFileJob.class);
            Iterator<RecordTask> records = drop.records(exchange);
            RecordTask first = records.next();
            // the first record is sent (the idempotentConsumer adds its key) as the database goes away
            down.set(true);
            job.sent();
            sentRecords.add(job.keyPrefix() + first.read().position());
            await().atMost(Duration.ofSeconds(10)).until(() -> sentRecords.unstoredKeys() > 0);

            assertThat(records.hasNext()).as("the next records are not sent: they would be forgotten too").isFalse();
            Throwable failure = catchThrowable(() -> drop.finish(exchange));
            assertThat(failure).isInstanceOf(JdbcIdempotentRepository.KeysNotStoredException.class);
            exchange.setException((Exception) failure);
            drop.abandon(exchange); // the route's onCompletion(onFailureOnly): the file goes to om.failed
        } finally {
            drop.stop();
        }
        JsonNode report = new ObjectMapper().readTree(reports.resolve("events.jsonl.report.json").toFile());
        assertThat(report.path("sent").asLong()).isEqualTo(1);
        assertThat(report.path("error").asText())
                .contains("sending stopped: records sent could not be remembered in the database")
                .contains("1 key could not be stored")
                .contains("database down")
                .contains("those not remembered are sent again");
    }

    @Test
    void aFileOpenedWhileTheDatabaseIsDownGetsAReport() throws Exception {
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        Path reports = dir.resolve("reports");
        DropFolders folders = new DropFolders(dir.resolve("done").toString(), dir.resolve("failed").toString(),
                reports.toString());
        JdbcIdempotentRepository down = new JdbcIdempotentRepository(null, "om-file-drop") {
            @Override
            public boolean claimPrefix(String prefix) {
                throw new IllegalStateException("Idempotent repository: connection refused");
            }
        };
        Path file = Files.writeString(inbox.resolve("events.jsonl"), "{\"imei\":\"1\"}\n");
        OmFileDrop drop = new OmFileDrop(config(OmConfig.class), down, folders, new SimpleMeterRegistry());
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            Exchange exchange = new DefaultExchange(camel);
            exchange.getMessage().setBody(file.toFile());
            assertThatThrownBy(() -> drop.open(exchange)).isInstanceOf(IllegalStateException.class);
            exchange.setException(new IllegalStateException("connection refused"));
            drop.abandon(exchange); // the route's onCompletion(onFailureOnly)
        } finally {
            drop.stop();
        }
        assertThat(Files.readString(reports.resolve("events.jsonl.report.json")))
                .contains("cannot record the file's run in the database (nothing was sent; drop the file again")
                .contains("IllegalStateException: Idempotent repository: connection refused");
    }
}
