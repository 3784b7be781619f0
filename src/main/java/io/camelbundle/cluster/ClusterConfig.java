package io.camelbundle.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The {@code bundle.cluster.*} configuration: which Camel cluster service elects the replica that runs
 * the singleton ({@code master:}) routes. Every key is documented in config/application.properties.
 */
@ConfigMapping(prefix = "bundle.cluster")
public interface ClusterConfig {

    /** {@code file} (default: a lock file under the data directory) or {@code kubernetes} (a Lease). */
    @WithDefault("file")
    Kind kind();

    File file();

    Kubernetes kubernetes();

    enum Kind {
        FILE,
        KUBERNETES
    }

    interface File {
        /** Directory holding one lock file per master namespace. */
        @WithDefault("data/cluster")
        String root();

        /** Delay before the first attempt to take the lock. */
        @WithDefault("PT1S")
        Duration acquireLockDelay();

        /** Interval between attempts to take the lock while another process holds it. */
        @WithDefault("PT10S")
        Duration acquireLockInterval();
    }

    interface Kubernetes {
        /** Namespace of the pods and Leases; empty: the client's namespace (in-cluster service account). */
        Optional<String> namespace();

        /** This pod's name (the holder identity in the Lease); empty: the HOSTNAME environment variable. */
        Optional<String> podName();

        /** API server URL; empty: the fabric8 client's auto-configuration (in-cluster or ~/.kube/config). */
        Optional<String> masterUrl();

        /** Prefix of the Lease names: one Lease {@code <lease-name>-<master namespace>} per singleton group. */
        @WithDefault("tencent-bundle-leaders")
        String leaseName();

        /** Labels (key=value) selecting the pods that take part in the election. */
        Optional<List<String>> clusterLabels();

        /**
         * How long a member that took the Lease from a leader that left the election (not released) waits
         * before it starts its singleton routes; also the Lease's duration. A released Lease is taken at once.
         */
        @WithDefault("PT15S")
        Duration leaseDuration();

        /** A leader that could not renew its Lease for this long stops its singleton routes. */
        @WithDefault("PT10S")
        Duration renewDeadline();

        /** Period (x up to jitter-factor) of reading and renewing the Lease. */
        @WithDefault("PT2S")
        Duration retryPeriod();

        /** Each retry period is multiplied by a random factor between 1 and this (at least 1). */
        @WithDefault("1.2")
        double jitterFactor();
    }
}
