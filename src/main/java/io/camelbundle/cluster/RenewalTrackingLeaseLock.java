package io.camelbundle.cluster;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.function.LongConsumer;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;

/**
 * fabric8's {@link LeaseLock} that reports each successful write of this pod as holder, and reads a Lease
 * without times as a free one.
 * <p>
 * Why report writes: fabric8's {@code LeaderElector} tells nothing when a renewal succeeds, and checks its
 * renew deadline only between two attempts, after a Lease request that may hang for the client's request
 * timeout. {@link LeaseClusterView} therefore counts the renew deadline itself from the moment the last
 * successful write started (the read before it, when fabric8 takes the renew time it writes), so that a
 * leader that cannot renew stops its routes on time however long its requests hang.
 * <p>
 * Why read missing times as free: Camel's own Kubernetes controller (the bundle's previous elector) clears
 * holder, acquire and renew time when it gives a Lease up, and fabric8's record requires the times
 * ({@code LeaderElectionRecord} throws on null), so such a Lease would stop the election for good. A Lease
 * that carries no renew time is renewed by nobody: it is read as renewed at the epoch, i.e. expired.
 */
class RenewalTrackingLeaseLock extends LeaseLock {

    private static final ZonedDateTime NEVER = ZonedDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    private final LongConsumer renewed;
    /** {@link System#nanoTime()} when the last read started; fabric8 writes right after a read. */
    private long readStartedAt;

    /** @param renewed called with {@link System#nanoTime()} at the start of each successful write as holder */
    RenewalTrackingLeaseLock(String namespace, String name, String identity, LongConsumer renewed) {
        super(namespace, name, identity);
        this.renewed = renewed;
    }

    @Override
    public synchronized LeaderElectionRecord get(KubernetesClient client) {
        readStartedAt = System.nanoTime();
        return super.get(client);
    }

    @Override
    public synchronized void create(KubernetesClient client, LeaderElectionRecord record) {
        super.create(client, record);
        wrote(record);
    }

    @Override
    public synchronized void update(KubernetesClient client, LeaderElectionRecord record) {
        super.update(client, record);
        wrote(record);
    }

    private void wrote(LeaderElectionRecord record) {
        if (identity().equals(record.getHolderIdentity())) {
            renewed.accept(readStartedAt);
        }
    }

    @Override
    protected LeaderElectionRecord toRecord(Lease lease) {
        LeaseSpec spec = lease.getSpec();
        if (spec != null && spec.getLeaseDurationSeconds() != null && spec.getAcquireTime() != null
                && spec.getRenewTime() != null) {
            return super.toRecord(lease);
        }
        Optional<LeaseSpec> present = Optional.ofNullable(spec);
        return new LeaderElectionRecord(present.map(LeaseSpec::getHolderIdentity).orElse(null), Duration.ZERO, NEVER,
                NEVER, present.map(LeaseSpec::getLeaseTransitions).orElse(0));
    }
}
