package io.camelbundle.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kubernetes.cluster.KubernetesClusterService;
import org.apache.camel.component.master.MasterConsumer;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

/**
 * Leader election between two bundle instances through Kubernetes Leases, against the fabric8 Kubernetes
 * mock server in CRUD mode (it stores Pods and Leases and honours resourceVersion conflicts).
 * <p>
 * Each instance is a plain Camel context with its own {@link KubernetesClusterService}, built by
 * {@link ClusterServiceProducer#kubernetes} from the same configuration the bundle reads (short lease
 * times), and runs two singleton routes as the bundle does: a {@code master:} file consumer on an inbox
 * directory both share and a {@code master:} timer. As on Kubernetes, the election's members are the
 * Running and Ready pods with the cluster labels, so each instance has a Pod in the mock server; stopping
 * an instance and deleting its Pod is what Kubernetes does when a replica goes away.
 */
class LeaderElectionTest {

    private static final String NAMESPACE = "camel-bundle";
    private static final Map<String, String> LABELS = Map.of("app.kubernetes.io/name", "tencent-camel-bundle",
            "app.kubernetes.io/component", "integration");
    private static final Duration LEASE = Duration.ofMillis(2000);
    private static final Duration RENEW_DEADLINE = Duration.ofMillis(1500);
    private static final Duration RETRY = Duration.ofMillis(400);
    /**
     * Take-over bound once the leader's Pod is gone: the follower notices within one retry period (x 1.2
     * jitter), then waits one lease duration before it starts the singleton routes (so a slow old leader
     * has stopped them). Plus a margin for a loaded 2-core CI machine: measured 3.1 s at moderate load and
     * 5.5 s at load average 15.
     */
    private static final Duration TAKE_OVER = LEASE.plus(RETRY.multipliedBy(2)).plusSeconds(8);

    private static final String FILE_GROUP = "om-file-drop";
    private static final String TIMER_GROUP = "cron";

    @TempDir
    Path work;

    private Path inbox;
    private KubernetesMockServer server;
    private KubernetesClient kubernetes;
    private final List<CamelContext> contexts = new ArrayList<>();
    /** file name -> the instances that processed it, across both instances. */
    private final Map<String, List<String>> processed = new ConcurrentHashMap<>();
    /** instance -> timer ticks. */
    private final Map<String, AtomicInteger> ticks = new ConcurrentHashMap<>();
    private int dropped;

    @BeforeEach
    void startKubernetes() throws IOException {
        inbox = Files.createDirectories(work.resolve("inbox"));
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init();
        kubernetes = server.createClient();
    }

    @AfterEach
    void stopEverything() {
        contexts.forEach(CamelContext::stop);
        if (kubernetes != null) {
            kubernetes.close();
        }
        if (server != null) {
            server.destroy();
        }
    }

    @Test
    void oneInstanceRunsTheSingletonRoutesAndTheOtherTakesOverWhenItGoes() throws Exception {
        // Instance a starts alone and becomes leader of both groups with immediate effect (no Lease yet).
        CamelContext a = startInstance("bundle-a");
        await("a leads both groups").atMost(Duration.ofSeconds(15))
                .until(() -> isMaster(a, "file-drop") && isMaster(a, "cron"));
        CamelContext b = startInstance("bundle-b");
        // b reads the Leases, sees a as the valid leader and stays a follower.
        await("b knows a leads").atMost(Duration.ofSeconds(15))
                .until(() -> leaderSeenBy(b, FILE_GROUP).equals(Optional.of("bundle-a"))
                        && leaderSeenBy(b, TIMER_GROUP).equals(Optional.of("bundle-a")));
        assertThat(lease(FILE_GROUP).getSpec().getHolderIdentity()).isEqualTo("bundle-a");
        assertThat(lease(TIMER_GROUP).getSpec().getHolderIdentity()).isEqualTo("bundle-a");

        // Exactly one instance runs the singleton routes.
        for (int i = 0; i < 3; i++) {
            drop("before-" + i + ".csv");
        }
        await("files processed").atMost(Duration.ofSeconds(15)).until(() -> processed.size() == 3);
        await("a's timer runs").atMost(Duration.ofSeconds(10)).until(() -> ticks.get("bundle-a").get() > 0);
        assertThat(isMaster(b, "file-drop") || isMaster(b, "cron")).as("b is master of nothing").isFalse();
        assertThat(ticks.get("bundle-b").get()).as("b's timer never fired").isZero();
        assertThat(processed).as("a processed every file").allSatisfy((file, by) -> assertThat(by).containsExactly("bundle-a"));

        // a goes away: a file arrives just before it stops (a finishes it or leaves it untouched), one
        // while no instance leads, then Kubernetes removes a's Pod.
        drop("racing-stop.csv");
        a.stop();
        int aTicksAtStop = ticks.get("bundle-a").get();
        drop("during-hand-over.csv");
        assertThat(processed).as("nobody leads: the hand-over file waits").doesNotContainKey("during-hand-over.csv");
        long goneAt = System.nanoTime();
        kubernetes.pods().inNamespace(NAMESPACE).withName("bundle-a").delete();

        // b takes over both groups within a lease duration (plus one retry period and a CI margin).
        await("b takes over").atMost(TAKE_OVER)
                .until(() -> isMaster(b, "file-drop") && isMaster(b, "cron"));
        Duration tookOver = Duration.ofNanos(System.nanoTime() - goneAt);
        System.out.printf("LeaderElectionTest: b took over %d ms after a's Pod was deleted (lease %d ms)%n",
                tookOver.toMillis(), LEASE.toMillis());
        assertThat(tookOver).as("b waits a lease duration before starting the singleton routes")
                .isGreaterThanOrEqualTo(LEASE);
        assertThat(lease(FILE_GROUP).getSpec().getHolderIdentity()).isEqualTo("bundle-b");
        assertThat(lease(TIMER_GROUP).getSpec().getHolderIdentity()).isEqualTo("bundle-b");
        await("b's timer runs").atMost(Duration.ofSeconds(10)).until(() -> ticks.get("bundle-b").get() > 0);

        drop("after-" + 0 + ".csv");
        await("every dropped file processed").atMost(Duration.ofSeconds(15)).until(() -> processed.size() == dropped);
        assertThat(processed.get("during-hand-over.csv")).as("the hand-over file, once, by b")
                .containsExactly("bundle-b");
        assertThat(processed.get("after-0.csv")).containsExactly("bundle-b");
        assertThat(processed).as("every file processed exactly once across both instances")
                .hasSize(dropped).allSatisfy((file, by) -> assertThat(by).hasSize(1));
        assertThat(processed.values().stream().mapToInt(List::size).sum()).isEqualTo(dropped);
        try (var left = Files.list(inbox)) {
            assertThat(left.filter(Files::isRegularFile).toList()).as("inbox empty").isEmpty();
        }
        assertThat(ticks.get("bundle-a").get()).as("a's timer stopped with a").isEqualTo(aTicksAtStop);
    }

    // ---------------------------------------------------------------------------------------------

    private CamelContext startInstance(String pod) throws Exception {
        createReadyPod(pod);
        KubernetesClusterService cluster = ClusterServiceProducer.kubernetes(new TestKubernetesConfig(pod));
        ticks.put(pod, new AtomicInteger());
        DefaultCamelContext context = new DefaultCamelContext();
        context.getCamelContextExtension().setName(pod);
        context.addService(cluster);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("master:" + FILE_GROUP + ":file:" + inbox.toAbsolutePath() + "?delay=100&initialDelay=0&move=.done")
                        .routeId("file-drop")
                        .process(exchange -> processed
                                .computeIfAbsent(exchange.getMessage().getHeader("CamelFileName", String.class),
                                        name -> new CopyOnWriteArrayList<>())
                                .add(pod));
                from("master:" + TIMER_GROUP + ":timer:cron?delay=0&period=100")
                        .routeId("cron")
                        .process(exchange -> ticks.get(pod).incrementAndGet());
            }
        });
        context.start();
        contexts.add(context);
        return context;
    }

    /** What Kubernetes shows for a replica whose readiness probe passes: phase Running, Ready=True. */
    private void createReadyPod(String name) {
        Pod pod = new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(NAMESPACE).withLabels(LABELS).endMetadata()
                .withNewSpec().addNewContainer().withName("bundle").withImage("bundle:test").endContainer().endSpec()
                .withNewStatus().withPhase("Running")
                .addNewCondition().withType("Ready").withStatus("True").endCondition()
                .endStatus()
                .build();
        kubernetes.pods().inNamespace(NAMESPACE).resource(pod).create();
        Pod stored = kubernetes.pods().inNamespace(NAMESPACE).withName(name).get();
        if (stored.getStatus() == null || !"Running".equals(stored.getStatus().getPhase())) {
            kubernetes.pods().inNamespace(NAMESPACE).resource(pod).updateStatus();
        }
    }

    private Lease lease(String group) {
        return kubernetes.resources(Lease.class).inNamespace(NAMESPACE).withName("tencent-bundle-leaders-" + group).get();
    }

    private static boolean isMaster(CamelContext context, String routeId) {
        return ((MasterConsumer) context.getRoute(routeId).getConsumer()).isMaster();
    }

    private static Optional<String> leaderSeenBy(CamelContext context, String group) throws Exception {
        KubernetesClusterService cluster = context.hasService(KubernetesClusterService.class);
        return cluster.getView(group).getLeader().map(member -> member.getId());
    }

    /** Writes next to the inbox, then moves into it atomically, so no consumer sees a half-written file. */
    private void drop(String name) throws IOException {
        Path staged = Files.writeString(work.resolve(name + ".tmp"), "id,value\n1," + name + "\n", StandardCharsets.UTF_8);
        Files.move(staged, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        dropped++;
    }

    /** The bundle's configuration keys (bundle.cluster.kubernetes.*) pointing at the mock server. */
    private final class TestKubernetesConfig implements ClusterConfig.Kubernetes {
        private final String pod;

        TestKubernetesConfig(String pod) {
            this.pod = pod;
        }

        @Override
        public Optional<String> namespace() {
            return Optional.of(NAMESPACE);
        }

        @Override
        public Optional<String> podName() {
            return Optional.of(pod);
        }

        @Override
        public Optional<String> masterUrl() {
            return Optional.of(kubernetes.getConfiguration().getMasterUrl());
        }

        @Override
        public String leaseName() {
            return "tencent-bundle-leaders";
        }

        @Override
        public Optional<List<String>> clusterLabels() {
            return Optional.of(LABELS.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        }

        @Override
        public Duration leaseDuration() {
            return LEASE;
        }

        @Override
        public Duration renewDeadline() {
            return RENEW_DEADLINE;
        }

        @Override
        public Duration retryPeriod() {
            return RETRY;
        }
    }
}
