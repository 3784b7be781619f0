package io.camelbundle.om.filedrop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.camelbundle.filedrop.DropFolders;
import io.camelbundle.om.OmConfig;
import io.camelbundle.persistence.JdbcIdempotentRepository;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The database cannot be reached when a dropped file is opened (claimPrefix fails): the exchange fails, so the
 * route's moveFailed puts the file in om.failed, and abandon() finds no job; the file's report says why.
 */
class OmFileDropClaimFailureTest {

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
