package io.camelbundle.cluster;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * The Camel Quarkus kubernetes-cluster-service extension is not served by the Maven registry here, so
 * {@link KubernetesClusterService} (camel-kubernetes) is produced as a plain bean. Camel Main binds every
 * {@link CamelClusterService} bean of the registry to the context before the routes start
 * ({@code DefaultConfigurationConfigurer.afterConfigure}); {@code ClusterServiceTest} checks that this
 * bean is the one the context uses.
 * <ul>
 * <li>{@code bundle.cluster.kind=file} (default): {@link FileLockClusterService}, one lock file per
 * master namespace under {@code bundle.cluster.file.root}. One process on its own is always the leader
 * after {@code acquire-lock-delay}; several processes on one machine sharing the data directory elect one.
 * Not for NFS or other network volumes, whose file locks are unreliable.</li>
 * <li>{@code bundle.cluster.kind=kubernetes}: {@link KubernetesClusterService}, one
 * {@code coordination.k8s.io} Lease per master namespace. Members are the Running and Ready pods carrying
 * the cluster labels; the holder of the Lease stays leader while its pod is a member. On a graceful stop
 * the Leases are released ({@link ReleasingKubernetesClusterService}) so another member takes over at its
 * next Lease check.</li>
 * </ul>
 */
public class ClusterServiceProducer {

    private static final Logger LOG = Logger.getLogger(ClusterServiceProducer.class);

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
        FileLockClusterService service = new FileLockClusterService();
        service.setId("bundle-file-cluster");
        service.setRoot(config.root());
        // With an explicit unit: the one-argument setters count in the service's default unit, seconds.
        service.setAcquireLockDelay(config.acquireLockDelay().toMillis(), TimeUnit.MILLISECONDS);
        service.setAcquireLockInterval(config.acquireLockInterval().toMillis(), TimeUnit.MILLISECONDS);
        LOG.infof("Singleton routes: file-lock leader election under %s", config.root());
        return service;
    }

    static KubernetesClusterService kubernetes(ClusterConfig.Kubernetes config) {
        KubernetesClusterService service = new ReleasingKubernetesClusterService();
        service.setId("bundle-kubernetes-cluster");
        service.setLeaseResourceType(LeaseResourceType.Lease);
        service.setKubernetesResourceName(config.leaseName());
        config.namespace().ifPresent(service::setKubernetesNamespace);
        config.podName().ifPresent(service::setPodName);
        config.masterUrl().ifPresent(service::setMasterUrl);
        service.setClusterLabels(labels(config.clusterLabels().orElse(List.of())));
        service.setLeaseDurationMillis(config.leaseDuration().toMillis());
        service.setRenewDeadlineMillis(config.renewDeadline().toMillis());
        service.setRetryPeriodMillis(config.retryPeriod().toMillis());
        service.setJitterFactor(config.jitterFactor());
        LOG.infof("Singleton routes: Kubernetes Lease leader election (Leases %s-<group> in namespace %s, pod %s,"
                + " members labelled %s, lease %d ms, renew deadline %d ms, retry %d ms x up to %.2f)",
                config.leaseName(), config.namespace().orElse("<client default>"),
                config.podName().orElse("<HOSTNAME>"), service.getClusterLabels(), service.getLeaseDurationMillis(),
                service.getRenewDeadlineMillis(), service.getRetryPeriodMillis(), service.getJitterFactor());
        return service;
    }

    /** {@code ["a=b", "c=d"]} to a map; a malformed entry fails start-up. */
    static Map<String, String> labels(List<String> entries) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String entry : entries) {
            int equals = entry.indexOf('=');
            if (equals <= 0 || equals == entry.length() - 1) {
                throw new IllegalArgumentException(
                        "bundle.cluster.kubernetes.cluster-labels: '" + entry + "' is not key=value");
            }
            labels.put(entry.substring(0, equals).trim(), entry.substring(equals + 1).trim());
        }
        return labels;
    }
}
