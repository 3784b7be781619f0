package io.camelbundle.cluster;

import java.time.Duration;
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
        @WithDefault("${bundle.data-dir}/cluster")
        String root();

        /** Delay before the first attempt to take the lock. */
        @WithDefault("PT1S")
        Duration acquireLockDelay();

        /** Interval between attempts to take the lock while another process holds it. */
        @WithDefault("PT10S")
        Duration acquireLockInterval();
    }

    interface Kubernetes {
        /** Namespace of the Leases; empty: the client's namespace (in-cluster service account). */
        Optional<String> namespace();

        /** This pod's name (the holder identity in the Lease); empty: the HOSTNAME environment variable. */
        Optional<String> podName();

        /** API server URL; empty: the fabric8 client's auto-configuration (in-cluster or ~/.kube/config). */
        Optional<String> masterUrl();

        /** Prefix of the Lease names: one Lease {@code <lease-name>-<master namespace>} per singleton group. */
        @WithDefault("tencent-bundle-leaders")
        String leaseName();

        /**
         * How long a Lease that its holder stopped renewing stays with that holder: once renewTime plus this
         * has passed, the next candidate to read it takes it and leads at once. Whole seconds, longer than
         * renew-deadline.
         */
        @WithDefault("PT15S")
        Duration leaseDuration();

        /**
         * A leader whose last successful renewal started this long ago stops its singleton routes (before the
         * Lease can be taken: shorter than lease-duration). Longer than retry-period x jitter-factor.
         */
        @WithDefault("PT10S")
        Duration renewDeadline();

        /** How often the leader renews its Lease and, with jitter, how often the others read it. */
        @WithDefault("PT2S")
        Duration retryPeriod();

        /**
         * A candidate waits retry-period x (1 + random x this) between two reads (client-go's JitterFactor).
         * Fixed at 1.2 by fabric8's LeaderElector: any other value fails start-up.
         */
        @WithDefault("1.2")
        double jitterFactor();
    }
}
