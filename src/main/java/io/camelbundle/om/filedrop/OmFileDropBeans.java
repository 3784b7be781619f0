package io.camelbundle.om.filedrop;

import java.time.Clock;
import java.util.concurrent.ExecutorService;

import javax.sql.DataSource;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;

import io.camelbundle.filedrop.DropFolders;
import io.camelbundle.filedrop.InboxGate;
import io.camelbundle.om.OmConfig;
import io.camelbundle.persistence.JdbcIdempotentRepository;

/** Shared parts of the OM file-drop route: its folders and inbox filter, the sending pool, the sent records. */
public class OmFileDropBeans {

    /**
     * {@code om.concurrency} sending threads. The queue is short and the caller runs a task when it is
     * full, so the streaming split reads ahead only a few records: memory does not grow with the file.
     */
    @Produces
    @Singleton
    @Named("omSendPool")
    ExecutorService omSendPool(CamelContext camel, OmConfig config) {
        int threads = config.concurrency(); // above zero: ConfigChecks refuses to start otherwise
        return camel.getExecutorServiceManager().newThreadPool(this, "om-send",
                new ThreadPoolProfileBuilder("om-send").poolSize(threads).maxPoolSize(threads)
                        .maxQueueSize(threads).rejectedPolicy(ThreadPoolRejectedPolicy.CallerRuns).build());
    }

    /** Where routes/om-file-drop.camel.yaml moves a file it took: om.done, om.failed. */
    @Produces
    @Singleton
    @Named("omDropFolders")
    DropFolders omDropFolders(OmConfig config) {
        return DropFolders.checked("om", config.inbox(), config.done(), config.failed(), config.reports());
    }

    /**
     * The om.inbox filter of routes/om-file-drop.camel.yaml: refuses links and non-regular files (to om.failed,
     * with a report), and waits om.file-drop.unterminated-age-ms for a file whose last line has no break.
     */
    @Produces
    @Singleton
    @Named("omInboxGate")
    InboxGate omInboxGate(OmConfig config, @Named("omDropFolders") DropFolders folders, Clock clock) {
        return new InboxGate("om-file-drop", name -> EventFileReader.formatOf(name).isPresent(), folders.failed(),
                config.fileDrop().unterminatedAgeMs(), clock,
                (name, reason) -> OmFileJob.writeUnreadableReport(name, folders.reports(), reason));
    }

    /**
     * The processor name of OM's sent-record keys, the file drop's and the queue's (OmBeans): the retention purges
     * them all through omSentRecords.
     */
    public static final String SENT_RECORDS = "om-file-drop";

    /** Records OM confirmed, keyed by file content hash and record position. */
    @Produces
    @Singleton
    @Named("omSentRecords")
    JdbcIdempotentRepository omSentRecords(DataSource dataSource) {
        return new JdbcIdempotentRepository(dataSource, SENT_RECORDS, JdbcIdempotentRepository.AddMode.PIPELINED);
    }
}
