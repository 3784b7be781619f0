package io.camelbundle.cluster;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import org.apache.camel.component.kubernetes.KubernetesConfiguration;
import org.apache.camel.component.kubernetes.cluster.KubernetesClusterService;
import org.apache.camel.component.kubernetes.cluster.KubernetesClusterView;
import org.apache.camel.component.kubernetes.cluster.lock.KubernetesLockConfiguration;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * Camel's {@link KubernetesClusterService} whose views elect through fabric8's Lease-based leader election
 * ({@link LeaseClusterView}) instead of Camel 4.14's membership-based controller. One Lease per singleton
 * group, named {@code <kubernetesResourceName>-<group>} as Camel names it, so the Leases keep their names.
 * <p>
 * Settings are Camel's (namespace, pod name, master URL, lease duration, renew deadline, retry period);
 * the cluster labels and Camel's jitter factor are not used: candidates are not looked up as pods, and
 * fabric8 waits retry period x (1 + random x 1.2) between reads, as client-go does.
 * <p>
 * The views share one API client (built on first use, with request and connection timeouts of one retry
 * period but at least a second, and no request retries: a hung or failing Lease request must cost one
 * attempt, not the renew deadline) and one timer (renew-deadline checks, re-joining). On stop, after the
 * Camel context has shut the routes down, every view gives its Lease up ({@link LeaseClusterView#retire()}).
 */
public class LeaseClusterService extends KubernetesClusterService {

    private final List<LeaseClusterView> views = new CopyOnWriteArrayList<>();
    private KubernetesClient client;
    private ScheduledThreadPoolExecutor timer;

    @Override
    protected KubernetesClusterView createView(String group) throws Exception {
        KubernetesLockConfiguration lock = lockConfigWithGroupNameAndDefaults(group);
        KubernetesConfiguration config = setConfigDefaults(configuration.copy(), lock);
        LeaseClusterView view = new LeaseClusterView(getCamelContext(), this, config, lock);
        views.add(view);
        return view;
    }

    /**
     * When the context begins to stop, the views' event threads are interrupted
     * ({@link LeaseClusterView#interruptEvents()}).
     */
    @Override
    protected void doInit() throws Exception {
        super.doInit();
        BeforeRoutesStop.register(getCamelContext(), () -> views.forEach(LeaseClusterView::interruptEvents));
    }

    @Override
    protected void doStart() throws Exception {
        synchronized (this) {
            timer = new ScheduledThreadPoolExecutor(1, daemonThreads("bundle-lease-timer"));
            timer.setRemoveOnCancelPolicy(true);
        }
        super.doStart();
    }

    /**
     * Camel stops services after the routes (and their exchanges in flight), so this is where the Leases are
     * given up.
     */
    @Override
    protected void doStop() throws Exception {
        super.doStop();
        views.forEach(LeaseClusterView::retire);
        KubernetesClient closing;
        synchronized (this) {
            timer.shutdownNow();
            closing = client;
            client = null;
        }
        if (closing != null) {
            closing.close();
        }
    }

    synchronized KubernetesClient client() {
        if (client == null) {
            long retry = Math.max(getRetryPeriodMillis(), 1000);
            Config config = Config.autoConfigure(null);
            if (getMasterUrl() != null) {
                config.setMasterUrl(getMasterUrl());
            }
            config.setConnectionTimeout((int) retry);
            config.setRequestTimeout((int) retry);
            config.setRequestRetryBackoffLimit(0);
            client = new KubernetesClientBuilder().withConfig(config).build();
        }
        return client;
    }

    /** Runs the task after the delay. False when the service has stopped. */
    boolean schedule(Runnable task, long delayMillis) {
        return scheduleNanos(task, TimeUnit.MILLISECONDS.toNanos(delayMillis)) != null;
    }

    /** Runs the task after the delay; null when the service has stopped. */
    synchronized ScheduledFuture<?> scheduleNanos(Runnable task, long delayNanos) {
        if (timer == null) {
            return null;
        }
        try {
            return timer.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    /** Threads of the election (timer, electors, leadership events): daemons, so they never hold the JVM up. */
    static ThreadFactory daemonThreads(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The Lease of a group, named as Camel's {@code NativeLeaseResourceManager} names it. */
    static String leaseName(String prefix, String group) {
        String name = (prefix + "-" + group).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-.]", "-");
        int start = 0;
        int end = name.length();
        while (start < end && !Character.isLetterOrDigit(name.charAt(start))) {
            start++;
        }
        while (end > start && !Character.isLetterOrDigit(name.charAt(end - 1))) {
            end--;
        }
        return name.substring(start, end);
    }
}
