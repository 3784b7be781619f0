package io.camelbundle.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.component.master.MasterConsumer;
import org.apache.camel.component.master.MasterEndpoint;
import org.apache.camel.support.cluster.ClusterServiceHelper;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The default profile: the file-lock cluster service produced by {@link ClusterServiceProducer} is the one
 * the Camel context uses, its lock files live under the data directory, and the singleton token-refresh
 * route becomes leader and runs its timer.
 */
@QuarkusTest
class ClusterServiceTest {

    @Inject
    CamelContext context;

    @Inject
    @Named("bundleClusterService")
    CamelClusterService produced;

    @ConfigProperty(name = "bundle.data-dir")
    String dataDir;

    @Test
    void theProducedFileLockServiceIsTheContextsClusterService() {
        assertThat(produced).isInstanceOf(FileLockClusterService.class);
        assertThat(context.hasServices(CamelClusterService.class)).as("cluster services bound to the context")
                .containsExactly(produced);
        assertThat(ClusterServiceHelper.lookupService(context)).contains(produced);
        assertThat(Path.of(((FileLockClusterService) produced).getRoot()))
                .isEqualTo(Path.of(dataDir, "cluster"));
        assertThat(((FileLockClusterService) produced).isStarted()).as("started with the context").isTrue();
    }

    @Test
    void tokenRefreshIsASingletonRouteThatRunsOnTheLeader() throws Exception {
        var route = context.getRoute("token-refresh");
        assertThat(route.getEndpoint()).isInstanceOf(MasterEndpoint.class);
        assertThat(route.getConsumer()).isInstanceOf(MasterConsumer.class);
        assertThat(((MasterEndpoint) route.getEndpoint()).getNamespace()).isEqualTo("token-refresh");
        // A single process always wins the lock (after bundle.cluster.file.acquire-lock-delay) ... Camel's
        // file-lock views take their groups one after the other under one shared lock, held about five seconds
        // while a group's consumer starts (isLeader waits for it too), so the last of the three groups
        // (om-file-drop, tze-file-drop, token-refresh) may lead only some 15 s after start-up.
        await().atMost(Duration.ofSeconds(40)).until(() -> produced.isLeader("token-refresh"));
        assertThat(Path.of(dataDir, "cluster", "token-refresh")).exists();
        await().atMost(Duration.ofSeconds(5)).until(() -> ((MasterConsumer) route.getConsumer()).isMaster());
        // ... and then the timer fires: the route completes exchanges.
        NotifyBuilder refreshes = new NotifyBuilder(context).fromRoute("token-refresh").whenCompleted(2).create();
        assertThat(refreshes.matches(15, TimeUnit.SECONDS)).as("token-refresh timer fires on the leader").isTrue();
    }
}
