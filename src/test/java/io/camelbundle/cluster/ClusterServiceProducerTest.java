package io.camelbundle.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.component.kubernetes.cluster.KubernetesClusterService;
import org.apache.camel.component.kubernetes.cluster.LeaseResourceType;
import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** {@code bundle.cluster.*} keys to the cluster service, without Quarkus. */
class ClusterServiceProducerTest {

    private static ClusterConfig config(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(ClusterConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build();
        return config.getConfigMapping(ClusterConfig.class);
    }

    @Test
    void kubernetesKindBuildsALeaseBasedServiceFromTheKeys() {
        ClusterConfig config = config(Map.of(
                "bundle.cluster.kind", "kubernetes",
                "bundle.cluster.kubernetes.namespace", "camel-bundle",
                "bundle.cluster.kubernetes.pod-name", "tencent-bundle-7d9f-abcde",
                "bundle.cluster.kubernetes.lease-name", "tencent-bundle-leaders",
                "bundle.cluster.kubernetes.lease-duration", "PT15S",
                "bundle.cluster.kubernetes.renew-deadline", "PT10S",
                "bundle.cluster.kubernetes.retry-period", "PT2S",
                "bundle.cluster.kubernetes.jitter-factor", "1.2"));
        assertThat(config.kind()).isEqualTo(ClusterConfig.Kind.KUBERNETES);
        var service = (KubernetesClusterService) new ClusterServiceProducer().clusterService(config);
        assertThat(service).as("elects through fabric8's Lease elector").isInstanceOf(LeaseClusterService.class);
        assertThat(service.getLeaseResourceType()).isEqualTo(LeaseResourceType.Lease);
        assertThat(service.getKubernetesNamespace()).isEqualTo("camel-bundle");
        assertThat(service.getPodName()).isEqualTo("tencent-bundle-7d9f-abcde");
        assertThat(service.getKubernetesResourceName()).isEqualTo("tencent-bundle-leaders");
        assertThat(service.getClusterLabels()).as("still accepted, no longer used").isEmpty();
        assertThat(service.getLeaseDurationMillis()).isEqualTo(15_000);
        assertThat(service.getRenewDeadlineMillis()).isEqualTo(10_000);
        assertThat(service.getRetryPeriodMillis()).isEqualTo(2_000);
        assertThat(service.getJitterFactor()).isEqualTo(1.2);
        assertThat(service.getMasterUrl()).as("unset: in-cluster auto-configuration").isNull();
    }

    @Test
    void emptyDownwardApiValuesFallBackToCamelsDefaults() {
        // ${POD_NAME:} outside Kubernetes is empty: Camel then uses HOSTNAME.
        ClusterConfig config = config(Map.of("bundle.cluster.kind", "kubernetes",
                "bundle.cluster.kubernetes.namespace", "", "bundle.cluster.kubernetes.pod-name", ""));
        var service = (KubernetesClusterService) new ClusterServiceProducer().clusterService(config);
        assertThat(service.getPodName()).isNull();
        assertThat(service.getKubernetesNamespace()).isNull();
        assertThat(service.getJitterFactor()).isEqualTo(1.2);
    }

    @Test
    void timingThatBreaksClientGosRulesFailsWithTheKeyToChange() {
        assertThat(timingError("PT10S", "PT10S", "PT2S", "1.2"))
                .startsWith(KEY + "lease-duration (PT10S) must be longer"
                        + " than renew-deadline (PT10S)");
        assertThat(timingError("PT15S", "PT2S", "PT2S", "1.2")).startsWith(KEY + "renew-deadline (PT2S) must be longer"
                + " than retry-period x jitter-factor (PT2S x 1.2 = PT2.4S)");
        assertThat(timingError("PT15S", "PT10S", "PT0S", "1.2")).startsWith(KEY + "retry-period must be positive");
        assertThat(timingError("PT15S", "PT10S", "PT2S", "1.1")).startsWith(KEY + "jitter-factor must be 1.2 (is 1.1)");
        assertThat(timingError("PT15.5S", "PT10S", "PT2S", "1.2")).startsWith(KEY + "lease-duration (PT15.5S) must be"
                + " whole seconds");
    }

    private static final String KEY = "bundle.cluster.kubernetes.";

    private static String timingError(String lease, String renew, String retry, String jitter) {
        ClusterConfig config = config(Map.of("bundle.cluster.kind", "kubernetes",
                KEY + "lease-duration", lease, KEY + "renew-deadline", renew, KEY + "retry-period", retry,
                KEY + "jitter-factor", jitter));
        Throwable error = catchThrowable(() -> new ClusterServiceProducer().clusterService(config));
        assertThat(error).isInstanceOf(IllegalArgumentException.class);
        return error.getMessage();
    }

    @Test
    void fileKindIsTheDefaultAndCountsItsDelaysInMilliseconds() {
        ClusterConfig config = config(Map.of("bundle.cluster.file.root", "target/cluster-test",
                "bundle.cluster.file.acquire-lock-delay", "PT0.5S"));
        assertThat(config.kind()).isEqualTo(ClusterConfig.Kind.FILE);
        var service = (FileLockClusterService) new ClusterServiceProducer().clusterService(config);
        assertThat(service.getRoot()).isEqualTo("target/cluster-test");
        assertThat(service.getAcquireLockDelayUnit().toMillis(service.getAcquireLockDelay())).isEqualTo(500);
        assertThat(service.getAcquireLockIntervalUnit().toMillis(service.getAcquireLockInterval())).isEqualTo(10_000);
        assertThat(service.getAcquireLockDelayUnit()).isEqualTo(TimeUnit.MILLISECONDS);
    }
}
