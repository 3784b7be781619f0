package io.camelbundle.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.ZonedDateTime;
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
import org.apache.camel.component.kubernetes.cluster.lock.KubernetesLockConfiguration;
import org.apache.camel.component.master.MasterConsumer;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.readiness.Readiness;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

/**
 * Leader election between two bundle instances through Kubernetes Leases, against the fabric8 Kubernetes
 * mock server in CRUD mode (it stores Pods and Leases and honours resourceVersion conflicts).
 * <p>
 * Each instance is a plain Camel context with its own cluster service, built by
 * {@link ClusterServiceProducer#kubernetes} from the same configuration the bundle reads (short lease
 * times), and runs two singleton routes as the bundle does: a {@code master:} file consumer on an inbox
 * directory both share and a {@code master:} timer. As on Kubernetes, the election's members are the
 * Running and Ready pods with the cluster labels, so each instance has a Pod in the mock server.
 * <p>
 * Take-over bounds (Camel 4.14 {@code KubernetesLeadershipController}; see k8s/README.md):
 * <ul>
 * <li>graceful stop: the stopping leader clears the Lease holder after its routes have stopped, and the
 * follower takes an empty Lease "with immediate effect" at its next check: at most retry x jitter, plus
 * the second camel-master waits before starting the wrapped consumer. Asserted within one lease
 * duration.</li>
 * <li>leader pod not Ready or gone, no release (crash, hung pod): the follower takes the Lease at its next
 * check and then waits one lease duration before leading: at most lease + retry x jitter + that second.</li>
 * </ul>
 * The Awaitility timeouts are these bounds (the graceful one: the lease duration itself), not performance
 * targets; the crash bound has a margin of one more lease duration for a loaded 2-core machine.
 */
class LeaderElectionTest {

    private static final String NAMESPACE = "camel-bundle";
    private static final Map<String, String> LABELS = Map.of("app.kubernetes.io/name", "tencent-camel-bundle",
            "app.kubernetes.io/component", "integration");
    private static final Duration LEASE = Duration.ofMillis(6000);
    private static final Duration RENEW_DEADLINE = Duration.ofMillis(4000);
    private static final Duration RETRY = Duration.ofMillis(400);
    private static final double JITTER = 1.2;
    /** camel-master starts the wrapped consumer one second after leadership is taken (MasterConsumer). */
    private static final Duration MASTER_START = Duration.ofSeconds(1);
    /**
     * camel-master 4.14 blocks the view's notifier thread for up to 5 s when leadership is taken
     * ({@code MasterConsumer.onLeadershipTaken} waits on a 5 s {@code Budgets.iterationTimeBudget()} whose task
     * reports "not done" even on success), so a loss of leadership within 5 s of taking it is delivered late.
     */
    private static final Duration MASTER_NOTIFY_BLOCK = Duration.ofSeconds(5);
    /** Longest check interval: retry period x jitter factor. */
    private static final Duration CHECK = Duration.ofMillis((long) (RETRY.toMillis() * JITTER));
    /** Graceful stop: the Lease is released, so take-over happens within one lease duration. */
    private static final Duration GRACEFUL_TAKE_OVER = LEASE;
    /** Leader pod leaves the election without releasing: lease + check + start delay, plus a lease of margin. */
    private static final Duration UNGRACEFUL_TAKE_OVER = LEASE.plus(CHECK).plus(MASTER_START).plus(LEASE);

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
    void oneInstanceRunsTheSingletonRoutesAndTheOtherTakesOverWithinALeaseWhenItStops() throws Exception {
        CamelContext a = startInstance("bundle-a");
        CamelContext b = aLeadsAndBFollows(a);

        // a stops gracefully (rolling update, drain, scale-down): its routes finish the file in hand, then its
        // cluster service gives the Leases up. Its Pod is still Running and Ready at that point, as a
        // terminating pod is until its container has exited.
        drop("racing-stop.csv");
        a.stop();
        int aTicksAtStop = ticks.get("bundle-a").get();
        assertThat(lease(FILE_GROUP).getSpec().getHolderIdentity()).as("released").isNotEqualTo("bundle-a");
        assertThat(lease(TIMER_GROUP).getSpec().getHolderIdentity()).as("released").isNotEqualTo("bundle-a");
        // b's file consumer starts at the earliest a second after b takes the lead: nobody consumes now.
        drop("during-hand-over.csv");

        long stoppedAt = System.nanoTime();
        await("b runs the singleton routes within a lease duration").atMost(GRACEFUL_TAKE_OVER)
                .until(() -> isMaster(b, "file-drop") && isMaster(b, "cron") && ticks.get("bundle-b").get() > 0);
        report("graceful stop", stoppedAt);
        assertThat(lease(FILE_GROUP).getSpec().getHolderIdentity()).isEqualTo("bundle-b");
        assertThat(lease(TIMER_GROUP).getSpec().getHolderIdentity()).isEqualTo("bundle-b");

        // The container exits and Kubernetes removes a's Pod: nothing changes for b.
        kubernetes.pods().inNamespace(NAMESPACE).withName("bundle-a").delete();
        everyFileProcessedOnceAndTheHandOverFileByB();
        assertThat(ticks.get("bundle-a").get()).as("a's timer stopped with a").isEqualTo(aTicksAtStop);
        assertThat(isMaster(b, "file-drop") && isMaster(b, "cron")).as("b still leads").isTrue();
    }

    @Test
    void whenTheLeadersPodStopsBeingReadyWithoutReleasingTheOtherTakesOverAfterALease() throws Exception {
        CamelContext a = startInstance("bundle-a");
        CamelContext b = aLeadsAndBFollows(a);

        // a hangs or crashes: it releases nothing, and its readiness probe fails (a deleted Pod is the same to
        // the election: it is no longer among the members). b takes the Lease at its next check and waits a
        // lease duration; a stops its singleton routes once it reads that b holds the Lease (a non-member
        // holder is still reported as leader to its own routes until another pod takes the Lease).
        long notReadyAt = System.nanoTime();
        setReady("bundle-a", false);
        await("a stops its singleton routes").atMost(MASTER_NOTIFY_BLOCK.plus(CHECK.multipliedBy(2)))
                .until(() -> !isMaster(a, "file-drop") && !isMaster(a, "cron"));
        assertThat(isMaster(b, "file-drop") || isMaster(b, "cron")).as("b waits a lease before leading").isFalse();
        int aTicksAtLoss = ticks.get("bundle-a").get();
        // Nobody leads now: a has stopped, b is still waiting.
        drop("during-hand-over.csv");

        await("b takes over after a lease duration").atMost(UNGRACEFUL_TAKE_OVER)
                .until(() -> isMaster(b, "file-drop") && isMaster(b, "cron") && ticks.get("bundle-b").get() > 0);
        report("leader pod not Ready", notReadyAt);
        assertThat(Duration.ofNanos(System.nanoTime() - notReadyAt)).as("b waited a lease duration")
                .isGreaterThanOrEqualTo(LEASE);
        assertThat(lease(FILE_GROUP).getSpec().getHolderIdentity()).isEqualTo("bundle-b");
        assertThat(lease(TIMER_GROUP).getSpec().getHolderIdentity()).isEqualTo("bundle-b");

        everyFileProcessedOnceAndTheHandOverFileByB();
        assertThat(ticks.get("bundle-a").get()).as("a, not Ready, runs no singleton route").isEqualTo(aTicksAtLoss);
    }

    /**
     * Camel 4.14 counts only Running and Ready pods as members ({@code pullClusterMembers}) and a pod that is
     * not a member cannot take a Lease ({@code tryAcquireLeadership}). This is why the token check is not
     * part of readiness: a replica without a token must still be able to lead and run the token refresher.
     */
    @Test
    void aPodThatIsNotReadyCannotLead() throws Exception {
        createPod("bundle-a", false);
        CamelContext a = startInstance("bundle-a");
        await("a stays a follower while not Ready").during(CHECK.multipliedBy(3)).atMost(CHECK.multipliedBy(5))
                .until(() -> !isMaster(a, "cron") && lease(TIMER_GROUP) == null);
        assertThat(ticks.get("bundle-a").get()).isZero();

        setReady("bundle-a", true);
        await("a leads once Ready").atMost(UNGRACEFUL_TAKE_OVER)
                .until(() -> isMaster(a, "cron") && ticks.get("bundle-a").get() > 0);
    }

    @Test
    void releaseClearsOnlyALeaseThisPodHolds() {
        for (String holder : List.of("bundle-a", "bundle-b")) {
            kubernetes.resources(Lease.class).inNamespace(NAMESPACE).resource(new LeaseBuilder()
                    .withNewMetadata().withName("tencent-bundle-leaders-held-by-" + holder).endMetadata()
                    .withNewSpec().withHolderIdentity(holder).withLeaseDurationSeconds(6)
                    .withAcquireTime(ZonedDateTime.now()).withRenewTime(ZonedDateTime.now()).endSpec()
                    .build()).create();
        }
        KubernetesLockConfiguration mine = lockConfiguration("held-by-bundle-a");
        assertThat(ReleasingKubernetesClusterService.release(kubernetes, mine)).isTrue();
        assertThat(lease("held-by-bundle-a").getSpec().getHolderIdentity()).isNull();
        assertThat(ReleasingKubernetesClusterService.release(kubernetes, mine)).as("already released").isFalse();
        assertThat(ReleasingKubernetesClusterService.release(kubernetes, lockConfiguration("held-by-bundle-b")))
                .as("another pod's Lease").isFalse();
        assertThat(lease("held-by-bundle-b").getSpec().getHolderIdentity()).isEqualTo("bundle-b");
        assertThat(ReleasingKubernetesClusterService.release(kubernetes, lockConfiguration("no-such-group")))
                .isFalse();
    }

    // ---------------------------------------------------------------------------------------------

    private static KubernetesLockConfiguration lockConfiguration(String group) {
        KubernetesLockConfiguration lock = new KubernetesLockConfiguration();
        lock.setKubernetesResourcesNamespace(NAMESPACE);
        lock.setKubernetesResourceName("tencent-bundle-leaders");
        lock.setGroupName(group);
        lock.setPodName("bundle-a");
        return lock;
    }

    /** a starts alone and leads both groups; b starts, sees a as the leader and runs no singleton route. */
    private CamelContext aLeadsAndBFollows(CamelContext a) throws Exception {
        // No Lease yet: a becomes leader of both groups with immediate effect.
        await("a leads both groups").atMost(Duration.ofSeconds(15))
                .until(() -> isMaster(a, "file-drop") && isMaster(a, "cron"));
        CamelContext b = startInstance("bundle-b");
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
        return b;
    }

    private void everyFileProcessedOnceAndTheHandOverFileByB() throws IOException {
        drop("after-0.csv");
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
    }

    private static void report(String how, long since) {
        System.out.printf("LeaderElectionTest: %s: b ran the singleton routes %d ms later (lease %d ms)%n", how,
                Duration.ofNanos(System.nanoTime() - since).toMillis(), LEASE.toMillis());
    }

    private CamelContext startInstance(String pod) throws Exception {
        if (kubernetes.pods().inNamespace(NAMESPACE).withName(pod).get() == null) {
            createPod(pod, true);
        }
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

    /** What Kubernetes shows for a running replica whose readiness probe passes (or fails): phase Running. */
    private void createPod(String name, boolean ready) {
        Pod pod = new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(NAMESPACE).withLabels(LABELS).endMetadata()
                .withNewSpec().addNewContainer().withName("bundle").withImage("bundle:test").endContainer().endSpec()
                .withNewStatus().withPhase("Running")
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .endStatus()
                .build();
        kubernetes.pods().inNamespace(NAMESPACE).resource(pod).create();
        Pod stored = kubernetes.pods().inNamespace(NAMESPACE).withName(name).get();
        if (stored.getStatus() == null || !"Running".equals(stored.getStatus().getPhase())) {
            kubernetes.pods().inNamespace(NAMESPACE).resource(pod).updateStatus();
        }
    }

    /** The kubelet's report of the readiness probe: the Pod's Ready condition. */
    private void setReady(String name, boolean ready) {
        Pod pod = kubernetes.pods().inNamespace(NAMESPACE).withName(name).get();
        pod.getStatus().setConditions(List.of(new PodConditionBuilder().withType("Ready")
                .withStatus(ready ? "True" : "False").build()));
        kubernetes.pods().inNamespace(NAMESPACE).resource(pod).updateStatus();
        assertThat(Readiness.isPodReady(kubernetes.pods().inNamespace(NAMESPACE).withName(name).get()))
                .as(name + " Ready").isEqualTo(ready);
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

        @Override
        public double jitterFactor() {
            return JITTER;
        }
    }
}
