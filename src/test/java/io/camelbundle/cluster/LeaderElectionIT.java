package io.camelbundle.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.cluster.CamelClusterView;
import org.apache.camel.component.kubernetes.cluster.KubernetesClusterService;
import org.apache.camel.component.master.MasterConsumer;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * Leader election between two bundle instances through Kubernetes Leases, against the fabric8 Kubernetes
 * mock server in CRUD mode (it stores Leases and rejects writes with a stale resourceVersion).
 * <p>
 * Each instance is a plain Camel context with its own cluster service, built by
 * {@link ClusterServiceProducer#kubernetes} from the same configuration the bundle reads (short lease
 * times), and runs two singleton routes as the bundle does: a {@code master:} file consumer on an inbox
 * directory both share and a {@code master:} timer. Each instance reaches the API server through its own
 * {@link ApiLink}, a TCP relay the test can cut: the traffic is then dropped, requests hang until the
 * client's timeout, as in a network partition. That is how a crash looks to the rest of the cluster (the
 * holder stops renewing and releases nothing), with the harder case that the old leader still runs and must
 * stop its routes by itself. A killed process cannot be simulated inside one JVM: stopping its Camel context
 * is the graceful path.
 * <p>
 * Take-over bounds (client-go's rules through fabric8's LeaderElector; see k8s/README.md), which the
 * Awaitility timeouts are:
 * <ul>
 * <li>graceful stop: the stopping leader gives its Leases up after its routes have stopped, and the
 * follower takes a free Lease at its next read: at most {@link #CHECK} (retry-period x (1 + jitter-factor)),
 * plus the second camel-master waits before it starts the wrapped consumer, plus {@link #SLACK}.</li>
 * <li>crash (no release, no renewals): the leader stops its routes within renew-deadline of its last
 * renewal; the follower takes the Lease at its first read after lease-duration has passed since that
 * renewal and starts the routes at once: at most lease-duration + {@link #CHECK} + 1 s + {@link #SLACK}
 * after the last renewal.</li>
 * </ul>
 * "Nobody runs the singleton routes twice at the same time" is asserted on their side effects: every timer
 * tick is logged in order, and all the old leader's ticks come before the new leader's first (one tick
 * every 100 ms); every file is processed exactly once.
 */
class LeaderElectionIT {

    private static final String NAMESPACE = "camel-bundle";
    private static final Duration LEASE = Duration.ofSeconds(6);
    private static final Duration RENEW_DEADLINE = Duration.ofMillis(4000);
    private static final Duration RETRY = Duration.ofMillis(400);
    private static final double JITTER = 1.2;
    /** camel-master starts the wrapped consumer one second after leadership is taken (MasterConsumer). */
    private static final Duration MASTER_START = Duration.ofSeconds(1);
    /**
     * camel-master 4.14 holds a consumer's lock for 5 s when it takes the lead ({@code onLeadershipTaken} waits
     * on a 5 s task budget that never reports done), so a loss within 5 s of taking the lead reaches it late.
     */
    private static final Duration MASTER_TAKE_BLOCK = Duration.ofSeconds(5);
    /** Longest wait of a candidate between two reads: retry-period x (1 + jitter-factor), fabric8 and client-go. */
    private static final Duration CHECK = Duration.ofMillis((long) (RETRY.toMillis() * (1 + JITTER)));
    /** API round trips and thread hand-offs on a loaded 2-core machine. */
    private static final Duration SLACK = Duration.ofSeconds(1);
    /** Graceful stop: the Lease is free once the old leader's stop returns. */
    private static final Duration GRACEFUL_TAKE_OVER = CHECK.plus(MASTER_START).plus(SLACK);
    /** Crash: counted from the old leader's last renewal. */
    private static final Duration CRASH_TAKE_OVER = LEASE.plus(CHECK).plus(MASTER_START).plus(SLACK);

    private static final String FILE_GROUP = "om-file-drop";
    private static final String TIMER_GROUP = "cron";
    private static final String A = "bundle-a";
    private static final String B = "bundle-b";

    @TempDir
    Path work;

    private Path inbox;
    private KubernetesMockServer server;
    private MockWebServer api;
    private KubernetesClient kubernetes;
    private Watch leaseWatch;
    /** Every version of every Lease, as the API server stored them. */
    private final List<Lease> leaseHistory = new CopyOnWriteArrayList<>();
    private final Map<String, ApiLink> links = new HashMap<>();
    private final List<CamelContext> contexts = new ArrayList<>();
    /** file name -> the instances that processed it, across both instances. */
    private final Map<String, List<String>> processed = new ConcurrentHashMap<>();
    /** Every timer tick of both instances, in the order they happened. */
    private final List<String> tickLog = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> ticks = new ConcurrentHashMap<>();
    private int dropped;

    @BeforeEach
    void startKubernetes() throws IOException {
        inbox = Files.createDirectories(work.resolve("inbox"));
        api = new MockWebServer();
        server = new KubernetesMockServer(new Context(), api, new HashMap<>(), new KubernetesCrudDispatcher(), false);
        server.init();
        kubernetes = server.createClient();
        leaseWatch = kubernetes.resources(Lease.class).inNamespace(NAMESPACE).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Lease lease) {
                leaseHistory.add(lease);
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
    }

    @AfterEach
    void stopEverything() throws InterruptedException {
        links.values().forEach(ApiLink::heal); // so that stopping instances can release their Leases
        contexts.forEach(CamelContext::stop);
        links.values().forEach(ApiLink::close);
        if (leaseWatch != null) {
            leaseWatch.close();
        }
        if (api != null) {
            theInstancesUsedOnlyTheVerbsTheRoleGrants();
        }
        if (kubernetes != null) {
            kubernetes.close();
        }
        if (server != null) {
            server.destroy();
        }
    }

    @Test
    void oneInstanceRunsTheSingletonRoutesAndTheOtherTakesOverAtOnceWhenItStops() throws Exception {
        CamelContext a = startInstance(A);
        CamelContext b = aLeadsAndBFollows(a);

        // a stops gracefully (rolling update, drain, scale-down): its routes finish the file in hand, then its
        // cluster service gives the Leases up.
        drop("racing-stop.csv");
        a.stop();
        int aTicksAtStop = ticks.get(A).get();
        assertThat(lease(FILE_GROUP).getSpec().getHolderIdentity()).as("released").isNotEqualTo(A);
        assertThat(lease(TIMER_GROUP).getSpec().getHolderIdentity()).as("released").isNotEqualTo(A);
        // b's file consumer starts at the earliest a second after b takes the lead: nobody consumes now.
        drop("during-hand-over.csv");

        long stoppedAt = System.nanoTime();
        await("b runs the singleton routes within retry x (1 + jitter) + 1 s").atMost(GRACEFUL_TAKE_OVER)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> isMaster(b, "file-drop") && isMaster(b, "cron") && ticks.get(B).get() > 0);
        report("graceful stop: b ran the singleton routes %d ms after a had stopped", stoppedAt);
        assertThat(lease(FILE_GROUP).getSpec().getHolderIdentity()).isEqualTo(B);
        assertThat(lease(TIMER_GROUP).getSpec().getHolderIdentity()).isEqualTo(B);

        everyFileProcessedOnceAndTheHandOverFileByB();
        assertThat(ticks.get(A).get()).as("a's timer stopped with a").isEqualTo(aTicksAtStop);
        neverBothAtOnce();

        // b stops while camel-master may still hold its consumers' locks (MASTER_TAKE_BLOCK): the stop
        // interrupts that wait (LeaseClusterView.interruptEvents) and must not deadlock with a leadership event
        // (Camel's own view calls listeners under a lock that camel-master's stop needs; LeaseClusterView keeps
        // its own listeners).
        Thread stopping = new Thread(b::stop, "stop-b");
        stopping.start();
        await("b stops").atMost(MASTER_TAKE_BLOCK.plus(SLACK)).until(b::isStopped);
        assertThat(lease(FILE_GROUP).getSpec().getHolderIdentity()).as("released").isNullOrEmpty();
    }

    @Test
    void whenTheLeaderIsCutOffTheOtherTakesOverOnceItsLeaseHasExpired() throws Exception {
        CamelContext a = startInstance(A);
        CamelContext b = aLeadsAndBFollows(a);
        // So that a's loss of the lead reaches its routes at once (see MASTER_TAKE_BLOCK): camel-master's
        // start tasks are registered with the context until they end.
        await("a's camel-master has finished taking the lead").atMost(MASTER_TAKE_BLOCK.plus(SLACK))
                .until(() -> PluginHelper.getTaskManagerRegistry(a.getCamelContextExtension()).getSize() == 0);

        // a crashes, as far as the cluster can tell: it renews nothing and releases nothing. It still runs,
        // so it has to stop its singleton routes by itself.
        long cutAt = System.nanoTime();
        Instant cutInstant = Instant.now();
        links.get(A).cut();
        await("a stops its singleton routes within renew-deadline of its last renewal (so of the cut)")
                .atMost(RENEW_DEADLINE.plus(SLACK)).pollInterval(Duration.ofMillis(50))
                .until(() -> !isMaster(a, "file-drop") && !isMaster(a, "cron"));
        report("crash: a stopped its singleton routes %d ms after its API traffic was cut", cutAt);
        Instant lastRenewal = lastRenewal(A);
        System.out.printf("LeaderElectionIT: crash: a's last renewal was %d ms before the cut%n",
                Duration.between(lastRenewal, cutInstant).toMillis());
        int aTicksAtLoss = ticks.get(A).get();
        drop("during-hand-over.csv");

        Duration left = Duration.between(Instant.now(), lastRenewal.plus(CRASH_TAKE_OVER));
        await("b runs the singleton routes within lease-duration + retry x (1 + jitter) + 1 s of a's last renewal")
                .atMost(left.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : left)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> isMaster(b, "file-drop") && isMaster(b, "cron") && ticks.get(B).get() > 0);
        System.out.printf("LeaderElectionIT: crash: b ran the singleton routes %d ms after a's last renewal"
                + " (lease-duration %d ms)%n", Duration.between(lastRenewal, Instant.now()).toMillis(),
                LEASE.toMillis());
        assertThat(lease(FILE_GROUP).getSpec().getHolderIdentity()).isEqualTo(B);
        assertThat(lease(TIMER_GROUP).getSpec().getHolderIdentity()).isEqualTo(B);
        everyFileProcessedOnceAndTheHandOverFileByB();
        assertThat(ticks.get(A).get()).as("a, cut off, runs no singleton route").isEqualTo(aTicksAtLoss);

        // The partition heals: a stands again, finds b's Lease renewed and stays a follower.
        links.get(A).heal();
        await("a sees b lead").atMost(Duration.ofSeconds(2).plus(CHECK).plus(SLACK))
                .until(() -> leaderSeenBy(a, FILE_GROUP).equals(Optional.of(B))
                        && leaderSeenBy(a, TIMER_GROUP).equals(Optional.of(B)));
        assertThat(isMaster(a, "file-drop") || isMaster(a, "cron")).as("a follows").isFalse();
        assertThat(ticks.get(A).get()).isEqualTo(aTicksAtLoss);
        neverBothAtOnce();
    }

    /**
     * Camel's own controller (the previous elector) clears holder and times when it gives a Lease up, and a
     * holder that has gone stops renewing: both are free to the next candidate, which leads at once.
     */
    @Test
    void leasesLeftFreeOrUnrenewedByEarlierHoldersAreTakenAtOnce() throws Exception {
        kubernetes.resources(Lease.class).inNamespace(NAMESPACE).resource(new LeaseBuilder()
                .withNewMetadata().withName("tencent-bundle-leaders-" + TIMER_GROUP).endMetadata()
                .withNewSpec().withLeaseTransitions(3).endSpec().build()).create();
        ZonedDateTime longAgo = ZonedDateTime.now().minusHours(1);
        kubernetes.resources(Lease.class).inNamespace(NAMESPACE).resource(new LeaseBuilder()
                .withNewMetadata().withName("tencent-bundle-leaders-" + FILE_GROUP).endMetadata()
                .withNewSpec().withHolderIdentity("bundle-gone").withLeaseDurationSeconds(6)
                .withAcquireTime(longAgo).withRenewTime(longAgo).endSpec().build()).create();

        CamelContext a = startInstance(A);
        long startedAt = System.nanoTime();
        await("a leads both groups at its first read").atMost(GRACEFUL_TAKE_OVER)
                .until(() -> isMaster(a, "file-drop") && isMaster(a, "cron") && ticks.get(A).get() > 0);
        report("free or expired Leases: a ran the singleton routes %d ms after it was started", startedAt);
        assertThat(lease(TIMER_GROUP).getSpec().getHolderIdentity()).isEqualTo(A);
        assertThat(lease(FILE_GROUP).getSpec().getHolderIdentity()).isEqualTo(A);
    }

    // ---------------------------------------------------------------------------------------------

    /** a starts alone and leads both groups; b starts, sees a as the leader and runs no singleton route. */
    private CamelContext aLeadsAndBFollows(CamelContext a) throws Exception {
        // No Lease yet: a creates both and leads at once.
        await("a leads both groups").atMost(Duration.ofSeconds(15))
                .until(() -> isMaster(a, "file-drop") && isMaster(a, "cron"));
        CamelContext b = startInstance(B);
        await("b knows a leads").atMost(Duration.ofSeconds(15))
                .until(() -> leaderSeenBy(b, FILE_GROUP).equals(Optional.of(A))
                        && leaderSeenBy(b, TIMER_GROUP).equals(Optional.of(A)));
        assertThat(lease(FILE_GROUP).getSpec().getHolderIdentity()).isEqualTo(A);
        assertThat(lease(TIMER_GROUP).getSpec().getHolderIdentity()).isEqualTo(A);

        // Exactly one instance runs the singleton routes.
        for (int i = 0; i < 3; i++) {
            drop("before-" + i + ".csv");
        }
        await("files processed").atMost(Duration.ofSeconds(15)).until(() -> processed.size() == 3);
        await("a's timer runs").atMost(Duration.ofSeconds(10)).until(() -> ticks.get(A).get() > 0);
        assertThat(isMaster(b, "file-drop") || isMaster(b, "cron")).as("b is master of nothing").isFalse();
        assertThat(ticks.get(B).get()).as("b's timer never fired").isZero();
        assertThat(processed).as("a processed every file").allSatisfy((file, by) -> assertThat(by).containsExactly(A));
        return b;
    }

    private void everyFileProcessedOnceAndTheHandOverFileByB() throws IOException {
        drop("after-0.csv");
        await("every dropped file processed").atMost(Duration.ofSeconds(15)).until(() -> processed.size() == dropped);
        assertThat(processed.get("during-hand-over.csv")).as("the hand-over file, once, by b").containsExactly(B);
        assertThat(processed.get("after-0.csv")).containsExactly(B);
        assertThat(processed).as("every file processed exactly once across both instances")
                .hasSize(dropped).allSatisfy((file, by) -> assertThat(by).hasSize(1));
        try (var left = Files.list(inbox)) {
            assertThat(left.filter(Files::isRegularFile).toList()).as("inbox empty").isEmpty();
        }
    }

    /** Every tick of a came before the first tick of b: the two never ran the timer route at the same time. */
    /**
     * k8s/base/rbac.yaml grants get, create and patch on Leases, nothing else: every request the instances sent
     * (renewals and releases included) is one of those. The test's own watch is the only collection read.
     */
    private void theInstancesUsedOnlyTheVerbsTheRoleGrants() throws InterruptedException {
        List<String> requests = new ArrayList<>();
        for (RecordedRequest r; (r = api.takeRequest(1, TimeUnit.MILLISECONDS)) != null;) {
            requests.add(r.getMethod() + " " + r.getPath());
        }
        String leases = "/apis/coordination.k8s.io/v1/namespaces/" + NAMESPACE + "/leases";
        assertThat(requests).as("requests to the API server").isNotEmpty().allSatisfy(request -> {
            String method = request.substring(0, request.indexOf(' '));
            String path = request.substring(request.indexOf(' ') + 1);
            boolean named = path.startsWith(leases + "/");
            boolean collection = path.equals(leases) || path.startsWith(leases + "?");
            switch (method) {
                case "GET" -> assertThat(named || collection && path.contains("watch=true"))
                        .as("%s: a Lease read by name (or the test's watch)", request).isTrue();
                case "POST" -> assertThat(collection).as("%s: a Lease created", request).isTrue();
                case "PATCH" -> assertThat(named).as("%s: a Lease renewed or released", request).isTrue();
                default -> throw new AssertionError(request + ": a verb the Role does not grant");
            }
        });
        assertThat(requests).as("renewals are patches").anyMatch(request -> request.startsWith("PATCH "));
    }

    private void neverBothAtOnce() {
        List<String> log = List.copyOf(tickLog);
        assertThat(log).contains(A, B);
        assertThat(log.lastIndexOf(A)).as("a's last tick before b's first").isLessThan(log.indexOf(B));
    }

    /** The renew time of the last version of a group's Lease that the holder wrote, the latest of the groups. */
    private Instant lastRenewal(String holder) {
        return List.of(FILE_GROUP, TIMER_GROUP).stream()
                .map(group -> leaseHistory.stream()
                        .filter(lease -> lease.getMetadata().getName().equals("tencent-bundle-leaders-" + group))
                        .filter(lease -> holder.equals(lease.getSpec().getHolderIdentity()))
                        .map(lease -> lease.getSpec().getRenewTime().toInstant())
                        .max(Instant::compareTo).orElseThrow())
                .max(Instant::compareTo).orElseThrow();
    }

    private static void report(String what, long since) {
        System.out.printf("LeaderElectionIT: " + what + " (lease-duration %d ms)%n",
                Duration.ofNanos(System.nanoTime() - since).toMillis(), LEASE.toMillis());
    }

    private CamelContext startInstance(String pod) throws Exception {
        ApiLink link = new ApiLink(new InetSocketAddress(server.getHostName(), server.getPort()));
        links.put(pod, link);
        KubernetesClusterService cluster = ClusterServiceProducer.kubernetes(new TestKubernetesConfig(pod, link.url()));
        ticks.put(pod, new AtomicInteger());
        DefaultCamelContext context = new DefaultCamelContext();
        context.getCamelContextExtension().setName(pod);
        context.addService(cluster);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("master:" + FILE_GROUP + ":file:" + inbox.toAbsolutePath()
                        + "?delay=100&initialDelay=0&move=.done")
                        .routeId("file-drop")
                        .process(exchange -> processed
                                .computeIfAbsent(exchange.getMessage().getHeader("CamelFileName", String.class),
                                        name -> new CopyOnWriteArrayList<>())
                                .add(pod));
                from("master:" + TIMER_GROUP + ":timer:cron?delay=0&period=100")
                        .routeId("cron")
                        .process(exchange -> {
                            tickLog.add(pod);
                            ticks.get(pod).incrementAndGet();
                        });
            }
        });
        context.start();
        contexts.add(context);
        return context;
    }

    private Lease lease(String group) {
        return kubernetes.resources(Lease.class).inNamespace(NAMESPACE).withName("tencent-bundle-leaders-" + group)
                .get();
    }

    private static boolean isMaster(CamelContext context, String routeId) {
        return ((MasterConsumer) context.getRoute(routeId).getConsumer()).isMaster();
    }

    private static Optional<String> leaderSeenBy(CamelContext context, String group) throws Exception {
        KubernetesClusterService cluster = context.hasService(KubernetesClusterService.class);
        CamelClusterView view = cluster.getView(group);
        try {
            return view.getLeader().map(CamelClusterMember::getId);
        } finally {
            cluster.releaseView(view);
        }
    }

    /** Writes next to the inbox, then moves into it atomically, so no consumer sees a half-written file. */
    private void drop(String name) throws IOException {
        Path staged = Files.writeString(work.resolve(name + ".tmp"), "id,value\n1," + name + "\n",
                StandardCharsets.UTF_8);
        Files.move(staged, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        dropped++;
    }

    /**
     * A TCP relay between one instance and the API server. Cut, it drops what either side sends (connections
     * stay open, requests get no answer); healed, it forwards again and resets the connections that lost
     * data, as a network that comes back does.
     */
    private static final class ApiLink implements AutoCloseable {
        private final InetSocketAddress upstream;
        private final ServerSocket listener;
        private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
        private boolean cut;

        ApiLink(InetSocketAddress upstream) throws IOException {
            this.upstream = upstream;
            this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(this::accept, "api-link-" + listener.getLocalPort());
            acceptor.setDaemon(true);
            acceptor.start();
        }

        String url() {
            return "http://127.0.0.1:" + listener.getLocalPort();
        }

        synchronized void cut() {
            cut = true;
        }

        void heal() {
            synchronized (this) {
                if (!cut) {
                    return;
                }
                cut = false;
            }
            closeConnections();
        }

        @Override
        public void close() {
            try {
                listener.close();
            } catch (IOException e) {
                // closing anyway
            }
            closeConnections();
        }

        private void closeConnections() {
            for (Socket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
            sockets.clear();
        }

        private void accept() {
            while (!listener.isClosed()) {
                try {
                    Socket client = listener.accept();
                    Socket api = new Socket();
                    api.connect(upstream);
                    sockets.add(client);
                    sockets.add(api);
                    relay(client, api);
                    relay(api, client);
                } catch (IOException e) {
                    // listener closed, or the API server gone at the end of a test
                }
            }
        }

        private void relay(Socket from, Socket to) {
            Thread pump = new Thread(() -> {
                byte[] buffer = new byte[8192];
                try {
                    InputStream in = from.getInputStream();
                    OutputStream out = to.getOutputStream();
                    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                        synchronized (this) {
                            if (!cut) {
                                out.write(buffer, 0, n);
                                out.flush();
                            }
                        }
                    }
                } catch (IOException e) {
                    // connection closed
                } finally {
                    try {
                        from.close();
                        to.close();
                    } catch (IOException e) {
                        // closing anyway
                    }
                }
            }, "api-link-relay");
            pump.setDaemon(true);
            pump.start();
        }
    }

    /** The bundle's configuration keys (bundle.cluster.kubernetes.*) pointing at the instance's link. */
    private static final class TestKubernetesConfig implements ClusterConfig.Kubernetes {
        private final String pod;
        private final String masterUrl;

        TestKubernetesConfig(String pod, String masterUrl) {
            this.pod = pod;
            this.masterUrl = masterUrl;
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
            return Optional.of(masterUrl);
        }

        @Override
        public String leaseName() {
            return "tencent-bundle-leaders";
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
