package io.camelbundle.cluster;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.component.kubernetes.cluster.KubernetesClusterService;
import org.apache.camel.component.kubernetes.cluster.LeaseResourceType;
import org.jboss.logging.Logger;

import io.quarkus.arc.Unremovable;

/**
 * Produces the Camel cluster service that {@code master:} routes use to run on one replica only.
 * <p>
 * The Camel Quarkus kubernetes-cluster-service extension is not served by the Maven registry here, so a
 * {@link KubernetesClusterService} (camel-kubernetes) is produced as a plain bean. Camel Main binds every
 * {@link CamelClusterService} bean of the registry to the context before the routes start
 * ({@code DefaultConfigurationConfigurer.afterConfigure}); {@code ClusterServiceTest} checks that this
 * bean is the one the context uses.
 * <ul>
 * <li>{@code bundle.cluster.kind=file} (default): {@link FileLockGroupsService}, Camel's
 * {@link FileLockClusterService} with one lock file per master namespace under {@code bundle.cluster.file.root},
 * whose groups start their routes each on a thread of their own. One process on its own is always the leader
 * after {@code acquire-lock-delay}; several processes on one machine sharing the data directory (and a PostgreSQL
 * database: the embedded H2 is opened by one process) elect one.
 * Not for NFS or other network volumes, whose file locks are unreliable.</li>
 * <li>{@code bundle.cluster.kind=kubernetes}: {@link LeaseClusterService}, a {@link KubernetesClusterService}
 * electing through one {@code coordination.k8s.io} Lease per master namespace with client-go's rules
 * (fabric8's {@code LeaderElector}): a Lease not renewed for lease-duration is free and its next holder
 * leads at once; a leader that could not renew for renew-deadline stops its routes; a leader that stops
 * gracefully gives its Leases up once its routes are down.</li>
 * </ul>
 */
public class ClusterServiceProducer {

    private static final Logger LOG = Logger.getLogger(ClusterServiceProducer.class);

    /** fabric8's {@code LeaderElector.JITTER_FACTOR}, client-go's {@code JitterFactor}; not configurable. */
    static final double JITTER_FACTOR = 1.2;

    private static final String KEY = "bundle.cluster.kubernetes.";

    @Produces
    @Singleton
    @Unremovable
    @Named("bundleClusterService")
    CamelClusterService clusterService(ClusterConfig config) {
        return switch (config.kind()) {
            case FILE -> fileLock(config.file());
            case KUBERNETES -> kubernetes(config.kubernetes());
        };
    }

    static FileLockClusterService fileLock(ClusterConfig.File config) {
        FileLockClusterService service = new FileLockGroupsService();
        service.setId("bundle-file-cluster");
        service.setRoot(config.root());
        // With an explicit unit: the one-argument setters count in the service's default unit, seconds.
        service.setAcquireLockDelay(config.acquireLockDelay().toMillis(), TimeUnit.MILLISECONDS);
        service.setAcquireLockInterval(config.acquireLockInterval().toMillis(), TimeUnit.MILLISECONDS);
        LOG.infof("Singleton routes: file-lock leader election under %s", config.root());
        return service;
    }

    static KubernetesClusterService kubernetes(ClusterConfig.Kubernetes config) {
        validate(config);
        KubernetesClusterService service = new LeaseClusterService();
        service.setId("bundle-kubernetes-cluster");
        service.setLeaseResourceType(LeaseResourceType.Lease);
        service.setKubernetesResourceName(config.leaseName());
        config.namespace().ifPresent(service::setKubernetesNamespace);
        config.podName().ifPresent(service::setPodName);
        config.masterUrl().ifPresent(service::setMasterUrl);
        service.setLeaseDurationMillis(config.leaseDuration().toMillis());
        service.setRenewDeadlineMillis(config.renewDeadline().toMillis());
        service.setRetryPeriodMillis(config.retryPeriod().toMillis());
        service.setJitterFactor(config.jitterFactor());
        LOG.infof("Singleton routes: Kubernetes Lease leader election (Leases %s-<group> in namespace %s, pod %s,"
                + " lease %d ms, renew deadline %d ms, retry %d ms x (1 + random x %.1f))",
                config.leaseName(), config.namespace().orElse("<client default>"),
                config.podName().orElse("<HOSTNAME>"), service.getLeaseDurationMillis(),
                service.getRenewDeadlineMillis(), service.getRetryPeriodMillis(), service.getJitterFactor());
        return service;
    }

    /**
     * The timing rules of client-go's leader election, checked at start-up so that a wrong value fails with
     * the key to change rather than later, per group, inside Camel.
     */
    static void validate(ClusterConfig.Kubernetes config) {
        Duration lease = config.leaseDuration();
        Duration renew = config.renewDeadline();
        Duration retry = config.retryPeriod();
        if (retry.isNegative() || retry.isZero()) {
            throw new IllegalArgumentException(KEY + "retry-period must be positive (is " + retry + ")");
        }
        if (config.jitterFactor() != JITTER_FACTOR) {
            throw new IllegalArgumentException(KEY + "jitter-factor must be " + JITTER_FACTOR + " (is "
                    + config.jitterFactor() + "): fabric8's LeaderElector, like client-go, waits retry-period x"
                    + " (1 + random x 1.2) between two reads of the Lease and cannot be given another factor");
        }
        Duration jittered = Duration.ofNanos((long) (retry.toNanos() * JITTER_FACTOR));
        if (renew.compareTo(jittered) <= 0) {
            throw new IllegalArgumentException(KEY + "renew-deadline (" + renew + ") must be longer than retry-period"
                    + " x jitter-factor (" + retry + " x " + JITTER_FACTOR + " = " + jittered
                    + "): a leader must get another renewal attempt before it gives up");
        }
        if (lease.compareTo(renew) <= 0) {
            throw new IllegalArgumentException(KEY + "lease-duration (" + lease + ") must be longer than renew-deadline"
                    + " (" + renew + "): a leader that cannot renew stops its routes after renew-deadline, another"
                    + " replica starts them once lease-duration has passed since the last renewal, and only the"
                    + " difference keeps the two from running them at once");
        }
        if (lease.toNanos() % 1_000_000_000L != 0) {
            throw new IllegalArgumentException(KEY + "lease-duration (" + lease + ") must be whole seconds: the Lease"
                    + " stores leaseDurationSeconds");
        }
    }
}
