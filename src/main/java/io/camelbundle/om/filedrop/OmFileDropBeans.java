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

import io.camelbundle.filedrop.InboxGate;
import io.camelbundle.om.OmConfig;
import io.camelbundle.persistence.JdbcIdempotentRepository;

/** Shared parts of the OM file-drop route: the sending pool and the repository of sent records. */
public class OmFileDropBeans {

    /**
     * {@code om.concurrency} sending threads. The queue is short and the caller runs a task when it is
     * full, so the streaming split reads ahead only a few records: memory does not grow with the file.
     */
    @Produces
    @Singleton
    @Named("omSendPool")
    ExecutorService omSendPool(CamelContext camel, OmConfig config) {
        int threads = Math.max(1, config.concurrency());
        return camel.getExecutorServiceManager().newThreadPool(this, "om-send",
                new ThreadPoolProfileBuilder("om-send").poolSize(threads).maxPoolSize(threads)
                        .maxQueueSize(threads).rejectedPolicy(ThreadPoolRejectedPolicy.CallerRuns).build());
    }

    /** The om.inbox filter of routes/om-file-drop.camel.yaml. */
    @Produces
    @Singleton
    @Named("omInboxGate")
    InboxGate omInboxGate(OmFileDrop drop, Clock clock) {
        return drop.gate(clock);
    }

    /** Records OM confirmed, keyed by file content hash and record position. */
    @Produces
    @Singleton
    @Named("omSentRecords")
    JdbcIdempotentRepository omSentRecords(DataSource dataSource) {
        return new JdbcIdempotentRepository(dataSource, "om-file-drop", JdbcIdempotentRepository.AddMode.PIPELINED);
    }
}
