package io.camelbundle.cluster;

import java.util.Collection;
import java.util.Set;

import org.apache.camel.component.kubernetes.KubernetesConfiguration;
import org.apache.camel.component.kubernetes.KubernetesHelper;
import org.apache.camel.component.kubernetes.cluster.KubernetesClusterService;
import org.apache.camel.component.kubernetes.cluster.lock.KubernetesLeaseResourceManager;
import org.apache.camel.component.kubernetes.cluster.lock.KubernetesLockConfiguration;
import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * {@link KubernetesClusterService} that gives up its Leases when it stops, so that another replica takes
 * over at its next Lease check instead of waiting for this pod to leave the election.
 * <p>
 * Camel 4.14 does not release on stop: {@code KubernetesLeadershipController.stop()} only shuts its
 * executor down, and a Lease holder counts as a valid leader for as long as its pod is Running and Ready
 * ({@code LeaderInfo.hasValidLeader()}: the holder is in the member list; the Lease's renew time is never
 * looked at). A terminating pod stays Running and Ready until its container has exited, and then the
 * follower that takes the Lease still waits a full lease duration ({@code refreshStatusBecomingLeader}).
 * A Lease with no holder, in contrast, is taken "with immediate effect" ({@code refreshStatusNotLeader},
 * {@code hasEmptyLeader()}).
 * <p>
 * Releasing is safe here because the Camel context stops its services only after the routes have been
 * shut down and their in-flight exchanges completed ({@code AbstractCamelContext.doStop}: the shutdown
 * strategy first, the services afterwards): when this runs, none of this pod's singleton routes runs any
 * more. Each Lease still held by this pod has its holder cleared with an optimistic (resourceVersion)
 * update; a Lease another pod holds is left alone. If the API server cannot be reached the Leases stay
 * as they are and the usual take-over applies (once the pod has left the election, plus a lease duration).
 */
public class ReleasingKubernetesClusterService extends KubernetesClusterService {

    private static final Logger LOG = Logger.getLogger(ReleasingKubernetesClusterService.class);

    /** Conflicting updates (our own last renewal racing the release) tolerated per Lease. */
    private static final int ATTEMPTS = 3;

    @Override
    protected void doStop() throws Exception {
        // Stops the views; their controllers were already stopped when the master: routes released them.
        super.doStop();
        Collection<String> groups = getNamespaces();
        if (groups.isEmpty()) {
            return;
        }
        KubernetesLockConfiguration any = lockConfigWithGroupNameAndDefaults(groups.iterator().next());
        KubernetesConfiguration clientConfig = setConfigDefaults(configuration.copy(), any);
        KubernetesClient client = KubernetesHelper.getKubernetesClient(clientConfig);
        try {
            for (String group : groups) {
                try {
                    release(client, lockConfigWithGroupNameAndDefaults(group));
                } catch (RuntimeException e) {
                    LOG.warnf("Could not release the Lease of group %s (another replica takes over once this pod"
                            + " has left the election, plus a lease duration): %s", group, e.toString());
                }
            }
        } finally {
            if (clientConfig.getKubernetesClient() == null) {
                client.close();
            }
        }
    }

    /** Clears the Lease's holder if it is this pod. Returns whether it did. */
    static boolean release(KubernetesClient client, KubernetesLockConfiguration lock) {
        KubernetesLeaseResourceManager<HasMetadata> leases = KubernetesLeaseResourceManager
                .create(lock.getLeaseResourceType());
        String namespace = lock.getKubernetesResourcesNamespaceOrDefault(client);
        String group = lock.getGroupName();
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            HasMetadata lease = leases.fetchLeaseResource(client, namespace, lock.getKubernetesResourceName(), group);
            if (lease == null || !lock.getPodName().equals(leases.decodeLeaderInfo(lease, Set.of(), group).getLeader())) {
                return false;
            }
            try {
                leases.optimisticDeleteLeaderInfo(client, lease, group);
                LOG.infof("Singleton routes: released the Lease of group %s held by %s", group, lock.getPodName());
                return true;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == ATTEMPTS) {
                    throw e;
                }
                // changed since it was read (a last renewal of ours): read it again
            }
        }
        return false;
    }
}
