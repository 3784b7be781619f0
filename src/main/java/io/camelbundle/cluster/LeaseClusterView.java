package io.camelbundle.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterEventListener;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.component.kubernetes.KubernetesConfiguration;
import org.apache.camel.component.kubernetes.cluster.KubernetesClusterView;
import org.apache.camel.component.kubernetes.cluster.lock.KubernetesLockConfiguration;
import org.jboss.logging.Logger;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectorBuilder;

/**
 * One singleton group ({@code master:<group>:...}) elected through its Lease with fabric8's
 * {@link LeaderElector}, which follows client-go: a Lease whose {@code renewTime} + lease duration has
 * passed is free, and a candidate that takes it leads at once.
 * <p>
 * The view is a {@link KubernetesClusterView} (so the service stays a {@code KubernetesClusterService}) but
 * replaces Camel's controller entirely: Camel 4.14's controller judges the holder by pod membership, never
 * by the renew time, and waits a full lease duration after taking the Lease of a departed holder.
 * <p>
 * What the routes see ({@link #getLocalMember()}{@code .isLeader()}, read by camel-master): this pod leads
 * while fabric8 reports it as the holder <em>and</em> its last successful write of the Lease started less
 * than renew-deadline ago. The second condition is counted here ({@link RenewalTrackingLeaseLock}) because
 * fabric8 only checks its deadline between attempts, after requests that may hang; it is what makes the
 * immediate start of the next holder safe: that one can take the Lease only lease-duration after the last
 * renewal, and lease-duration &gt; renew-deadline.
 * <p>
 * Threads: fabric8 reads and writes the Lease on its own thread per group; leadership events go to the
 * routes on another one, because camel-master 4.14 holds the calling thread for up to 5 s when it takes the
 * lead ({@code MasterConsumer.onLeadershipTaken}), which must not delay renewals; when the context begins to
 * stop that thread is interrupted ({@link #interruptEvents()}). A fabric8 elector can run
 * once only: when it ends by itself (renewal failed or its own deadline passed) a new one joins after a
 * retry period.
 * <p>
 * Listeners are kept here, not in {@code AbstractCamelClusterView}, which calls them under a read lock:
 * camel-master's {@code doStop} removes its listener (that lock's write side) while holding the consumer's
 * service lock, which {@code onLeadershipTaken} takes too, so an event delivered while a route stops
 * deadlocks both (seen in this project's test with Camel 4.14). Here listeners are a copy-on-write list,
 * called without a lock, only when the leader the routes see changes, and a new listener is told the
 * current leader on the event thread (as Camel's view does on the caller's). No membership events: members
 * are not tracked.
 * <p>
 * Release: the Lease is given up ({@link LeaderElector#release()}) only once the group's routes have
 * stopped, never when a route merely releases the view: camel-master 4.14 releases the view before it
 * stops the wrapped consumer, and the exchanges in flight finish later still. So when the Camel context is
 * stopping the view keeps renewing until the cluster service stops, after the routes
 * ({@link LeaseClusterService#doStop()} calls {@link #retire()}); that is fabric8's
 * {@code releaseOnCancel}, done explicitly because cancelling at the view's stop would be too early. A
 * follower stops standing at once when its context stops (so that it takes no Lease on its way out). A
 * route stopped on its own while the context runs stops the renewals without releasing: another replica
 * takes the Lease once it has expired.
 */
public class LeaseClusterView extends KubernetesClusterView {

    private static final Logger LOG = Logger.getLogger(LeaseClusterView.class);

    private final LeaseClusterService service;
    private final KubernetesLockConfiguration lock;
    private final String podName;
    private final Member local;
    private final long renewDeadlineNanos;

    // Guarded by this. Never call into fabric8 (cancel, release) while holding it: fabric8 calls back into
    // this view while holding its elector's monitor.
    private Election current;
    /** The last elector that ran: released when the view retires, if the Lease is still this pod's. */
    private Election last;
    private boolean active;
    private boolean disabled;
    private ExecutorService electorThread;
    private ExecutorService notifier;
    private ScheduledFuture<?> deadlineCheck;

    /** What the routes see; changes only in {@link #evaluate()}. */
    private volatile boolean leading;
    /** {@link System#nanoTime()} at the start of the last successful write of the Lease by this pod. */
    private volatile long renewedAt;
    /** Holder of the Lease as last read by the elector; null when none. */
    private volatile String observedHolder;

    private final LeadershipListeners listeners = new LeadershipListeners(this);
    /** The leader last told to the listeners (event thread only); null: nothing told yet. */
    private Optional<String> told;

    public LeaseClusterView(CamelContext camelContext, LeaseClusterService service,
            KubernetesConfiguration configuration,
            KubernetesLockConfiguration lock) {
        super(camelContext, service, configuration, lock);
        this.service = service;
        this.lock = lock;
        this.podName = lock.getPodName();
        this.local = new Member(podName);
        this.renewDeadlineNanos = TimeUnit.MILLISECONDS.toNanos(lock.getRenewDeadlineMillis());
        this.renewedAt = System.nanoTime() - renewDeadlineNanos;
    }

    @Override
    public Optional<CamelClusterMember> getLeader() {
        if (leading) {
            return Optional.of(local);
        }
        String holder = observedHolder;
        // The own pod as holder without a fresh renewal is no leader anyone should rely on.
        return holder == null || holder.equals(podName) ? Optional.empty() : Optional.of(new Member(holder));
    }

    @Override
    public CamelClusterMember getLocalMember() {
        return local;
    }

    /**
     * The pods this view knows of: itself and the Lease holder. Membership plays no part in the election (any
     * pod that can write the Lease is a candidate), so no pod list is read.
     */
    @Override
    public List<CamelClusterMember> getMembers() {
        List<CamelClusterMember> members = new ArrayList<>(2);
        members.add(local);
        getLeader().filter(leader -> !leader.isLocal()).ifPresent(members::add);
        return members;
    }

    @Override
    public void addEventListener(CamelClusterEventListener listener) {
        if (listener == null) {
            return;
        }
        Runnable tellLeader = listeners.add(listener);
        if (isRunAllowed() && tellLeader != null) {
            onNotifier(tellLeader);
        }
    }

    @Override
    public void removeEventListener(CamelClusterEventListener listener) {
        listeners.remove(listener);
    }

    @Override
    public synchronized boolean isDisabled() {
        return disabled;
    }

    /** Disabled: stop leading, let the routes stop, then give the Lease up; enabled: stand again. */
    @Override
    public void setDisabled(boolean disabled) {
        Election given;
        synchronized (this) {
            if (this.disabled == disabled) {
                return;
            }
            this.disabled = disabled;
            given = disabled ? current : null;
            if (disabled) {
                current = null;
            }
        }
        if (disabled) {
            evaluate();
            // Queued behind the leadership event: the routes have stopped before the Lease goes.
            if (given != null && !onNotifier(() -> given.end(true))) {
                given.end(true);
            }
        } else {
            join();
        }
    }

    @Override
    protected void doStart() throws Exception {
        synchronized (this) {
            if (electorThread == null || electorThread.isShutdown()) {
                electorThread = Executors.newSingleThreadExecutor(
                        LeaseClusterService.daemonThreads("bundle-lease-" + getNamespace()));
                notifier = Executors.newSingleThreadExecutor(
                        LeaseClusterService.daemonThreads("bundle-leadership-" + getNamespace()));
            }
            active = true;
        }
        join();
    }

    @Override
    protected void doStop() throws Exception {
        Election stopping;
        synchronized (this) {
            active = false;
            stopping = current;
            if (stopping == null || stopping.holder && getCamelContext().isStopping()) {
                // Shutdown of the leader: the group's routes stop after this and finish their exchanges;
                // keep renewing until the cluster service stops, after them (retire).
                return;
            }
            // A follower, or a lone route stop: stop standing now (a follower must not take the Lease on
            // its way out). retire() releases the Lease if it is still this pod's.
            current = null;
        }
        evaluate();
        stopping.end(false);
    }

    /**
     * Final stop, once the routes are down: stops the elector and, if the Lease is still this pod's, gives it
     * up so that another replica takes it at its next read instead of after lease-duration.
     */
    void retire() {
        Election running;
        Election release;
        ExecutorService threads;
        ExecutorService events;
        synchronized (this) {
            active = false;
            running = current;
            current = null;
            release = last;
            last = null;
            threads = electorThread;
            events = notifier;
        }
        evaluate();
        if (running != null) {
            running.end(false);
        }
        if (release != null) {
            release.release();
        }
        if (threads != null) {
            threads.shutdownNow();
            events.shutdown();
        }
    }

    /**
     * The context is stopping: ends the event thread at once, interrupting a listener it is calling.
     * camel-master 4.14 holds its consumer lock for 5 s when it takes the lead, and the route's stop waits for
     * that lock, so a context stopped soon after taking the lead would wait those 5 s. Nothing needs telling
     * afterwards: the routes are stopping, {@link #retire()} gives the Lease up without this thread, and
     * {@link #setDisabled(boolean)} hands over directly once it is gone.
     */
    void interruptEvents() {
        ExecutorService events;
        synchronized (this) {
            events = notifier;
        }
        if (events != null) {
            events.shutdownNow();
        }
    }

    /** Starts an elector unless one runs, the view is stopped or disabled. */
    private void join() {
        Election election;
        synchronized (this) {
            if (current != null || !active || disabled) {
                return;
            }
            election = new Election();
            current = election;
            last = election;
        }
        election.start();
    }

    /** An elector ended by itself (leadership lost, renewals failed): stand again after a retry period. */
    private void ended(Election election, Throwable failure) {
        synchronized (this) {
            if (current != election) {
                return; // ended on purpose
            }
            current = null;
        }
        evaluate();
        LOG.infof("Singleton group %s: the elector of %s ended (%s); standing again in %d ms", getNamespace(), podName,
                failure == null ? "leadership lost" : failure.toString(), lock.getRetryPeriodMillis());
        if (!service.schedule(this::join, lock.getRetryPeriodMillis())) {
            LOG.debugf("Singleton group %s: cluster service stopped, not standing again", getNamespace());
        }
    }

    private void renewed(Election election, long startedAt) {
        ScheduledFuture<?> previous;
        synchronized (this) {
            if (current != election) {
                return;
            }
            renewedAt = startedAt;
            previous = deadlineCheck;
            long due = renewDeadlineNanos - (System.nanoTime() - startedAt);
            deadlineCheck = service.scheduleNanos(this::evaluate, Math.max(0, due));
        }
        if (previous != null) {
            previous.cancel(false);
        }
        evaluate();
    }

    /**
     * Sets what the routes see from the current elector's state and the age of the last renewal, and tells
     * them when it changes.
     */
    private void evaluate() {
        boolean now;
        boolean stale;
        synchronized (this) {
            Election election = current;
            boolean holder = election != null && election.holder;
            stale = holder && System.nanoTime() - renewedAt >= renewDeadlineNanos;
            now = holder && !stale;
            if (now == leading) {
                return;
            }
            leading = now;
        }
        if (now) {
            LOG.infof("Singleton group %s: %s leads (Lease %s)", getNamespace(), podName, leaseName());
        } else if (stale) {
            LOG.warnf("Singleton group %s: %s could not renew Lease %s for %d ms (renew-deadline): stopping the"
                    + " singleton routes; another replica takes over once the Lease has expired", getNamespace(),
                    podName, leaseName(), lock.getRenewDeadlineMillis());
        } else {
            LOG.infof("Singleton group %s: %s no longer leads", getNamespace(), podName);
        }
        notifyRoutes();
    }

    private void notifyRoutes() {
        onNotifier(this::tellIfChanged);
    }

    /** On the event thread: tells the listeners the leader the routes should see, if it changed. */
    private void tellIfChanged() {
        Optional<CamelClusterMember> leader = getLeader();
        Optional<String> id = leader.map(CamelClusterMember::getId);
        if (id.equals(told)) {
            return;
        }
        told = id;
        listeners.tellAll(leader);
    }

    /** Runs the task on the event thread, in order. False when the view has retired. */
    private boolean onNotifier(Runnable task) {
        ExecutorService events;
        synchronized (this) {
            events = notifier;
        }
        if (events == null) {
            return false;
        }
        try {
            events.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.errorf(e, "Singleton group %s: leadership event failed", getNamespace());
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    private String leaseName() {
        return LeaseClusterService.leaseName(lock.getKubernetesResourceName(), getNamespace());
    }

    /** One run of a fabric8 elector (they cannot be restarted). */
    private final class Election {
        private final LeaderElector elector;
        private volatile boolean holder;
        private CompletableFuture<?> run;
        private boolean cancelled;

        Election() {
            KubernetesClient client = service.client();
            String namespace = lock.getKubernetesResourcesNamespaceOrDefault(client);
            RenewalTrackingLeaseLock lease = new RenewalTrackingLeaseLock(namespace, leaseName(), podName,
                    startedAt -> renewed(this, startedAt));
            elector = new LeaderElectorBuilder(client, electorThread).withConfig(new LeaderElectionConfigBuilder()
                    .withName(getNamespace())
                    .withLock(lease)
                    .withLeaseDuration(Duration.ofMillis(lock.getLeaseDurationMillis()))
                    .withRenewDeadline(Duration.ofMillis(lock.getRenewDeadlineMillis()))
                    .withRetryPeriod(Duration.ofMillis(lock.getRetryPeriodMillis()))
                    // Released by release() once the routes are down, see the class comment.
                    .withReleaseOnCancel(false)
                    .withLeaderCallbacks(new LeaderCallbacks(this::started, this::stopped, this::newLeader))
                    .build()).build();
        }

        void start() {
            CompletableFuture<?> started = elector.start();
            boolean endedMeanwhile;
            synchronized (this) {
                run = started;
                endedMeanwhile = cancelled;
            }
            if (endedMeanwhile) {
                started.cancel(true);
            }
            started.whenComplete((ignored, failure) -> ended(this, failure));
        }

        /** Stops renewing (and, when asked, gives the Lease up now). Blocks while a Lease request runs. */
        void end(boolean release) {
            CompletableFuture<?> running;
            synchronized (this) {
                cancelled = true;
                running = run;
            }
            if (running != null) {
                running.cancel(true);
            }
            if (release) {
                release();
            }
        }

        void release() {
            try {
                if (elector.release()) {
                    LOG.infof("Singleton group %s: %s released Lease %s", getNamespace(), podName, leaseName());
                }
            } catch (KubernetesClientException e) {
                LOG.warnf("Singleton group %s: could not release Lease %s (another replica takes it once it has"
                        + " expired): %s", getNamespace(), leaseName(), e.toString());
            }
        }

        private void started() {
            holder = true;
            evaluate();
        }

        private void stopped() {
            holder = false;
            evaluate();
        }

        private void newLeader(String identity) {
            observedHolder = identity == null || identity.isEmpty() ? null : identity;
            notifyRoutes();
        }
    }

    /** A pod of the group, by name. */
    private final class Member implements CamelClusterMember {
        private final String id;

        Member(String id) {
            this.id = id;
        }

        @Override
        public boolean isLeader() {
            return isLocal() ? leading : id.equals(observedHolder);
        }

        @Override
        public boolean isLocal() {
            return id.equals(podName);
        }

        @Override
        public String getId() {
            return id;
        }

        @Override
        public String toString() {
            return "LeaseClusterMember{" + id + (isLocal() ? ", local" : "") + "}";
        }
    }
}
