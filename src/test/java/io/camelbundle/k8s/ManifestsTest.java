package io.camelbundle.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Renders the Kubernetes overlays ({@code kubectl kustomize k8s/overlays/dev|prod}), parses the output
 * strictly into fabric8 model objects (known kinds only, no unknown or mistyped fields) and checks the
 * invariants the deployment relies on. Plain JUnit, no Quarkus; needs {@code kubectl} on the PATH (or
 * {@code KUBECTL=/path/to/kubectl}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManifestsTest {

    private static final List<String> OVERLAYS = List.of("dev", "prod");
    private static final String SECRET_NAME = "tencent-bundle-secrets";
    /** Env var names that must never carry a literal value (brief: SECRET|PASSWORD|TOKEN|KEY anywhere). */
    private static final Pattern SECRET_LIKE_ENV = Pattern.compile("SECRET|PASSWORD|TOKEN|KEY");
    /** Property keys whose last segment names a credential (om.client-secret, tokens.api-keys, ...). */
    private static final Pattern SECRET_LIKE_KEY = Pattern.compile("(?i).*(secret|password|token|keys?)$");
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");

    /**
     * Env vars the Deployment may set that are not keys of config/application.properties: each is read
     * by something other than the bundle's own configuration file.
     */
    private static final Map<String, String> ALLOWED_EXTRA_ENV = Map.of(
            "QUARKUS_QPID_JMS_URL", "quarkus-qpid-jms (brought by camel-quarkus-amqp): broker URL",
            "QUARKUS_QPID_JMS_USERNAME", "quarkus-qpid-jms: broker user",
            "QUARKUS_QPID_JMS_PASSWORD", "quarkus-qpid-jms: broker password",
            "JAVA_MAX_MEM_RATIO", "run-java.sh of the ubi9 OpenJDK image: maximum heap, % of the memory limit",
            "JAVA_OPTS_APPEND", "run-java.sh of the ubi9 OpenJDK image: extra JVM options",
            "MALLOC_ARENA_MAX", "glibc: number of malloc arenas (native memory of many threads)");

    private static final List<String> DASHBOARD_METRICS = List.of(
            "bundle_token_expires_in_seconds", "bundle_token_refreshes_total",
            "bundle_token_refresh_failures_total", "bundle_om_events_total", "bundle_om_send_seconds",
            "bundle_om_files_in_progress", "bundle_tze_sends_total", "bundle_tze_oauth_callbacks_total");

    /**
     * Every metric the dashboard and the alerting rules (AlertRulesTest) may query: the bundle's (histograms
     * and timers with their series), Micrometer's JVM meters the bundle exports, and the kubelet's container
     * metrics. A name outside it is a panel that stays empty or an alert that never fires
     * (process_resident_memory_bytes was one: no bundle meter exports it).
     */
    static final Set<String> EXPORTED_METRICS = Set.of(
            "bundle_token_expires_in_seconds", "bundle_token_refreshes_total", "bundle_token_refresh_failures_total",
            "bundle_token_rejections_total", "bundle_om_events_total", "bundle_om_send_seconds_bucket",
            "bundle_om_send_seconds_count", "bundle_om_send_seconds_sum", "bundle_om_files_in_progress",
            "bundle_tze_sends_total", "bundle_tze_oauth_callbacks_total",
            "bundle_openapi_calls_seconds_count",
            "jvm_memory_used_bytes", "container_memory_working_set_bytes");

    private final KubernetesSerialization serialization = new KubernetesSerialization();
    private final Map<String, List<HasMetadata>> rendered = new LinkedHashMap<>();
    private Path root;

    @BeforeAll
    void renderOverlays() throws Exception {
        root = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        assertThat(root.resolve("k8s/overlays")).as("run from the project root").isDirectory();
        String kubectl = kubectl();
        for (String overlay : OVERLAYS) {
            rendered.put(overlay, parse(overlay, kustomize(kubectl, overlay)));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Invariants
    // ---------------------------------------------------------------------------------------------

    @Test
    void rendersEveryExpectedResource() {
        for (String overlay : OVERLAYS) {
            Map<String, Long> kinds = rendered.get(overlay).stream()
                    .collect(Collectors.groupingBy(HasMetadata::getKind, TreeMap::new, Collectors.counting()));
            assertThat(kinds).as(overlay + ": rendered kinds").containsExactlyInAnyOrderEntriesOf(Map.of(
                    "ConfigMap", 4L, "Deployment", 1L, "Service", 1L, "ServiceAccount", 1L, "Role", 1L,
                    "RoleBinding", 1L, "PersistentVolumeClaim", 1L, "PodDisruptionBudget", 1L));
            for (HasMetadata resource : rendered.get(overlay)) {
                assertThat(resource.getMetadata().getNamespace()).as(overlay + ": namespace of " + id(resource))
                        .isNotBlank();
            }
        }
    }

    @Test
    void credentialsComeOnlyFromTheSecret() throws IOException {
        Map<String, String> documented = secretExampleKeys();
        for (String overlay : OVERLAYS) {
            assertThat(all(overlay, Secret.class)).as(overlay + ": Secrets are created out of band, never rendered")
                    .isEmpty();
            for (Container container : containers(deployment(overlay))) {
                assertThat(container.getEnvFrom()).as(overlay + ": envFrom hides which keys are set").isNullOrEmpty();
                for (EnvVar env : container.getEnv()) {
                    String where = overlay + ": env " + env.getName();
                    if (SECRET_LIKE_ENV.matcher(env.getName()).find()) {
                        assertThat(env.getValue()).as(where + " must not have a literal value").isNull();
                        assertThat(env.getValueFrom()).as(where + " must come from a secretKeyRef").isNotNull();
                        assertThat(env.getValueFrom().getSecretKeyRef()).as(where + " must come from a secretKeyRef")
                                .isNotNull();
                    }
                    if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                        var ref = env.getValueFrom().getSecretKeyRef();
                        assertThat(ref.getName()).as(where + ": Secret name").isEqualTo(SECRET_NAME);
                        assertThat(ref.getKey()).as(where + ": Secret key is named like the env var")
                                .isEqualTo(env.getName());
                        assertThat(documented).as(where + ": key documented in k8s/secret.example.env")
                                .containsKey(ref.getKey());
                        assertThat(ref.getOptional()).as(where + ": a missing key must stop the pod")
                                .isNotEqualTo(true);
                    }
                }
            }
            // The configuration file shipped in the ConfigMap holds no credential for the prod profile.
            Properties properties = load(configMapMountedAt(overlay, "/deployments/config").getData()
                    .get("application.properties"));
            for (String key : properties.stringPropertyNames()) {
                if ((key.startsWith("%") && !key.startsWith("%prod.")) || !SECRET_LIKE_KEY.matcher(key).matches()) {
                    continue;
                }
                String value = properties.getProperty(key).trim();
                assertThat(value.isEmpty() || value.matches("\\$\\{[^}]*}"))
                        .as(overlay + ": config key " + key + " must be empty or an ${ENV} expression, is '" + value
                                + "'")
                        .isTrue();
            }
        }
        assertThat(documented).as("k8s/secret.example.env documents keys only, never values")
                .allSatisfy((key, value) -> assertThat(value).as(key).isEmpty());
    }

    /** A key of k8s/secret.example.env that no env var reads would be a placeholder operators fill in for nothing. */
    @Test
    void everyDocumentedSecretKeyIsRead() throws IOException {
        Set<String> documented = secretExampleKeys().keySet();
        for (String overlay : OVERLAYS) {
            Set<String> referenced = containers(deployment(overlay)).stream()
                    .flatMap(container -> container.getEnv().stream())
                    .map(EnvVar::getValueFrom).filter(Objects::nonNull)
                    .map(source -> source.getSecretKeyRef()).filter(Objects::nonNull)
                    .map(ref -> ref.getKey())
                    .collect(Collectors.toCollection(TreeSet::new));
            Set<String> unread = new TreeSet<>(documented);
            unread.removeAll(referenced);
            assertThat(unread).as(overlay + ": keys of k8s/secret.example.env no secretKeyRef of the Deployment reads"
                    + " (pass each to the Deployment, or remove it from the file)").isEmpty();
        }
    }

    @Test
    void probesUseQuarkusHealthEndpoints() throws IOException {
        int management = managementPort();
        for (String overlay : OVERLAYS) {
            Container bundle = bundleContainer(overlay);
            assertProbe(overlay + ": startupProbe", bundle, bundle.getStartupProbe(), "/q/health/started", management);
            assertProbe(overlay + ": livenessProbe", bundle, bundle.getLivenessProbe(), "/q/health/live", management);
            assertProbe(overlay + ": readinessProbe", bundle, bundle.getReadinessProbe(), "/q/health/ready",
                    management);
        }
    }

    @Test
    void theServiceCarryingTheCallbackDoesNotReachHealthOrMetrics() throws IOException {
        int management = managementPort();
        assertThat(management).as("quarkus.management.port differs from quarkus.http.port").isNotEqualTo(8080);
        assertThat(Files.readString(root.resolve("src/main/resources/application.properties")))
                .as("health and metrics on the management interface").contains("quarkus.management.enabled=true");
        for (String overlay : OVERLAYS) {
            Container bundle = bundleContainer(overlay);
            assertThat(bundle.getPorts()).as(overlay + ": the container declares the management port")
                    .anySatisfy(port -> assertThat(port.getContainerPort()).isEqualTo(management));
            for (Service service : all(overlay, Service.class)) {
                assertThat(service.getSpec().getPorts()).as(overlay + ": " + id(service) + " routes to the endpoints")
                        .anySatisfy(port -> assertThat(resolvePort(bundle, port.getTargetPort())).isEqualTo(8080));
                assertThat(service.getSpec().getPorts())
                        .as(overlay + ": " + id(service) + " never to the management port")
                        .noneSatisfy(
                                port -> assertThat(resolvePort(bundle, port.getTargetPort())).isEqualTo(management));
            }
        }
    }

    @Test
    void theJvmExitsOnOutOfMemory() {
        for (String overlay : OVERLAYS) {
            Map<String, String> env = bundleContainer(overlay).getEnv().stream().filter(e -> e.getValue() != null)
                    .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
            assertThat(env.get("JAVA_OPTS_APPEND")).as(overlay + ": JAVA_OPTS_APPEND (read by run-java.sh)")
                    .isNotNull().contains("-XX:+ExitOnOutOfMemoryError");
        }
    }

    @Test
    void podsKeepServingUntilTheyAreTakenOutOfTheServiceAndStopWithinTheGracePeriod() {
        for (String overlay : OVERLAYS) {
            var preStop = bundleContainer(overlay).getLifecycle().getPreStop();
            assertThat(preStop.getExec().getCommand()).as(overlay + ": preStop").containsExactly("sleep", "5");
            // 5 s of preStop and Camel's 45 s of graceful shutdown fit in the grace period, leaving time for the
            // Lease release
            assertThat(deployment(overlay).getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
                    .as(overlay + ": terminationGracePeriodSeconds").isGreaterThanOrEqualTo(55L);
        }
    }

    @Test
    void imagesArePinned() {
        for (String overlay : OVERLAYS) {
            PodSpec pod = deployment(overlay).getSpec().getTemplate().getSpec();
            for (Container container : Stream.concat(pod.getContainers().stream(), pod.getInitContainers().stream())
                    .toList()) {
                String image = container.getImage();
                String where = overlay + ": image " + image;
                if (image.contains("@sha256:")) {
                    continue;
                }
                int colon = image.lastIndexOf(':');
                assertThat(colon).as(where + " has a tag").isGreaterThan(image.lastIndexOf('/'));
                String tag = image.substring(colon + 1);
                assertThat(tag).as(where + ": tag").isNotBlank().isNotEqualToIgnoringCase("latest");
            }
        }
    }

    @Test
    void prodRunsAtLeastTwoReplicas() {
        assertThat(deployment("prod").getSpec().getReplicas()).as("prod replicas").isGreaterThanOrEqualTo(2);
        assertThat(deployment("dev").getSpec().getReplicas()).as("dev replicas").isGreaterThanOrEqualTo(1);
    }

    @Test
    void roleGrantsLeaderElectionToTheServiceAccount() {
        for (String overlay : OVERLAYS) {
            Deployment deployment = deployment(overlay);
            Role role = one(overlay, Role.class);
            List<PolicyRule> rules = role.getRules();
            assertThat(rules).as(overlay + ": Role grants Leases")
                    .anySatisfy(rule -> {
                        assertThat(rule.getApiGroups()).contains("coordination.k8s.io");
                        assertThat(rule.getResources()).contains("leases");
                        // what fabric8's LeaseLock does (a renewal is a merge patch), and nothing more
                        assertThat(rule.getVerbs()).containsExactlyInAnyOrder("get", "create", "patch");
                    });
            assertThat(rules).as(overlay + ": the election reads no pods (validity is the Lease's renew time)")
                    .noneSatisfy(rule -> assertThat(rule.getResources()).contains("pods"));
            String serviceAccount = deployment.getSpec().getTemplate().getSpec().getServiceAccountName();
            assertThat(all(overlay, ServiceAccount.class)).extracting(sa -> sa.getMetadata().getName())
                    .as(overlay + ": ServiceAccount of the pods is rendered").contains(serviceAccount);
            RoleBinding binding = one(overlay, RoleBinding.class);
            assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
            assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
            assertThat(binding.getSubjects()).as(overlay + ": RoleBinding subject is the pods' ServiceAccount")
                    .anySatisfy(subject -> {
                        assertThat(subject.getKind()).isEqualTo("ServiceAccount");
                        assertThat(subject.getName()).isEqualTo(serviceAccount);
                        assertThat(subject.getNamespace()).isEqualTo(deployment.getMetadata().getNamespace());
                    });
        }
    }

    @Test
    void singletonRoutesElectTheirLeaderThroughLeases() throws IOException {
        Properties config = load(Files.readString(root.resolve("config/application.properties")));
        assertThat(config.getProperty("bundle.cluster.kubernetes.namespace")).as("namespace from the downward API")
                .startsWith("${KUBERNETES_NAMESPACE");
        assertThat(config.getProperty("bundle.cluster.kubernetes.pod-name")).as("pod name from the downward API")
                .startsWith("${POD_NAME");
        long lease = java.time.Duration.parse(config.getProperty("bundle.cluster.kubernetes.lease-duration"))
                .toMillis();
        long renew = java.time.Duration.parse(config.getProperty("bundle.cluster.kubernetes.renew-deadline"))
                .toMillis();
        long retry = java.time.Duration.parse(config.getProperty("bundle.cluster.kubernetes.retry-period")).toMillis();
        assertThat(lease).as("lease-duration > renew-deadline").isGreaterThan(renew);
        assertThat((double) renew).as("renew-deadline > 1.2 x retry-period").isGreaterThan(1.2 * retry);
        assertThat(config.getProperty("bundle.cluster.kubernetes.jitter-factor")).as("fixed by fabric8")
                .isEqualTo("1.2");
        for (String overlay : OVERLAYS) {
            Map<String, EnvVar> env = bundleContainer(overlay).getEnv().stream()
                    .collect(Collectors.toMap(EnvVar::getName, e -> e));
            assertThat(env.get("BUNDLE_CLUSTER_KIND")).as(overlay + ": BUNDLE_CLUSTER_KIND").isNotNull()
                    .extracting(EnvVar::getValue).isEqualTo("kubernetes");
            assertThat(fieldRef(env.get("POD_NAME"))).as(overlay + ": POD_NAME from the downward API")
                    .isEqualTo("metadata.name");
            assertThat(fieldRef(env.get("KUBERNETES_NAMESPACE")))
                    .as(overlay + ": KUBERNETES_NAMESPACE from the downward API")
                    .isEqualTo("metadata.namespace");
        }
    }

    private static String fieldRef(EnvVar env) {
        assertThat(env).isNotNull();
        assertThat(env.getValueFrom()).as(env.getName() + " valueFrom").isNotNull();
        assertThat(env.getValueFrom().getFieldRef()).as(env.getName() + " fieldRef").isNotNull();
        return env.getValueFrom().getFieldRef().getFieldPath();
    }

    @Test
    void everyEnvVarIsAKeyTheBundleReads() throws IOException {
        Set<String> readable = bundleEnvNames();
        for (String overlay : OVERLAYS) {
            Map<String, EnvVar> env = bundleContainer(overlay).getEnv().stream()
                    .collect(Collectors.toMap(EnvVar::getName, e -> e,
                            (a, b) -> fail(overlay + ": duplicate env " + a.getName()),
                            TreeMap::new));
            assertThat(env.keySet()).as(overlay + ": env vars the bundle does not read (config/application.properties"
                    + " keys in env form, ${VAR} references there, or ManifestsTest.ALLOWED_EXTRA_ENV)")
                    .allSatisfy(name -> assertThat(readable).contains(name));
            assertThat(env.get("DB_KIND")).as(overlay + ": DB_KIND").isNotNull()
                    .extracting(EnvVar::getValue).isEqualTo("postgresql");
            assertThat(env).as(overlay + ": database and broker settings")
                    .containsKeys("DB_URL", "DB_USERNAME", "DB_PASSWORD", "QUARKUS_QPID_JMS_URL",
                            "QUARKUS_QPID_JMS_USERNAME", "QUARKUS_QPID_JMS_PASSWORD");
            assertThat(env).as(overlay + ": credentials the prod profile requires")
                    .containsKeys("OM_CLIENT_ID", "OM_CLIENT_SECRET", "TOKENS_API_KEYS");
            assertThat(env.get("BUNDLE_VENDORS")).as(overlay + ": BUNDLE_VENDORS says which vendors run").isNotNull()
                    .extracting(EnvVar::getValue).isNotNull();
        }
    }

    @Test
    void podDisruptionBudgetCoversThePods() {
        for (String overlay : OVERLAYS) {
            Deployment deployment = deployment(overlay);
            int replicas = deployment.getSpec().getReplicas();
            PodDisruptionBudget pdb = one(overlay, PodDisruptionBudget.class);
            assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                    .as(overlay + ": PDB selector matches the pods")
                    .containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());
            IntOrString maxUnavailable = pdb.getSpec().getMaxUnavailable();
            IntOrString minAvailable = pdb.getSpec().getMinAvailable();
            assertThat(maxUnavailable == null ^ minAvailable == null).as(overlay + ": exactly one PDB bound").isTrue();
            if (maxUnavailable != null) {
                assertThat(maxUnavailable.getIntVal()).as(overlay + ": maxUnavailable as a number").isNotNull();
                assertThat(maxUnavailable.getIntVal()).as(overlay + ": maxUnavailable").isPositive();
                if (replicas >= 2) {
                    assertThat(maxUnavailable.getIntVal()).as(overlay + ": a drain keeps a pod running")
                            .isLessThan(replicas);
                }
            } else {
                assertThat(minAvailable.getIntVal()).as(overlay + ": minAvailable as a number").isNotNull();
                assertThat(minAvailable.getIntVal()).as(overlay + ": minAvailable").isPositive().isLessThan(replicas);
            }
        }
    }

    @Test
    void securityContextIsHardened() {
        for (String overlay : OVERLAYS) {
            PodSpec pod = deployment(overlay).getSpec().getTemplate().getSpec();
            PodSecurityContext podContext = Objects.requireNonNullElseGet(pod.getSecurityContext(),
                    PodSecurityContext::new);
            assertThat(pod.getHostNetwork()).as(overlay + ": hostNetwork").isNotEqualTo(true);
            assertThat(pod.getHostPID()).as(overlay + ": hostPID").isNotEqualTo(true);
            assertThat(pod.getHostIPC()).as(overlay + ": hostIPC").isNotEqualTo(true);
            for (Container container : containers(deployment(overlay))) {
                String where = overlay + ": container " + container.getName();
                SecurityContext context = container.getSecurityContext();
                assertThat(context).as(where + " securityContext").isNotNull();
                assertThat(firstNonNull(context.getRunAsNonRoot(), podContext.getRunAsNonRoot()))
                        .as(where + " runAsNonRoot").isTrue();
                Long user = firstNonNull(context.getRunAsUser(), podContext.getRunAsUser());
                assertThat(user).as(where + " runAsUser").isNotEqualTo(0L);
                assertThat(context.getAllowPrivilegeEscalation()).as(where + " allowPrivilegeEscalation").isFalse();
                assertThat(context.getPrivileged()).as(where + " privileged").isNotEqualTo(true);
                assertThat(context.getReadOnlyRootFilesystem()).as(where + " readOnlyRootFilesystem").isTrue();
                assertThat(context.getCapabilities()).as(where + " capabilities").isNotNull();
                assertThat(context.getCapabilities().getDrop()).as(where + " capabilities.drop").contains("ALL");
                assertThat(context.getCapabilities().getAdd()).as(where + " capabilities.add").isNullOrEmpty();
                var seccomp = firstNonNull(context.getSeccompProfile(), podContext.getSeccompProfile());
                assertThat(seccomp).as(where + " seccompProfile").isNotNull();
                assertThat(seccomp.getType()).as(where + " seccompProfile.type").isEqualTo("RuntimeDefault");
            }
        }
    }

    @Test
    void readOnlyRootFilesystemHasWritableDataAndTmp() {
        for (String overlay : OVERLAYS) {
            Deployment deployment = deployment(overlay);
            Container bundle = bundleContainer(overlay);
            assertThat(bundle.getWorkingDir()).as(overlay + ": workingDir").isEqualTo("/deployments");
            VolumeMount data = mountAt(overlay, bundle, "/deployments/data");
            VolumeMount tmp = mountAt(overlay, bundle, "/tmp");
            assertThat(data.getReadOnly()).as(overlay + ": /deployments/data writable").isNotEqualTo(true);
            assertThat(tmp.getReadOnly()).as(overlay + ": /tmp writable").isNotEqualTo(true);
            assertThat(volume(deployment, tmp.getName()).getEmptyDir()).as(overlay + ": /tmp is an emptyDir")
                    .isNotNull();
            var claim = volume(deployment, data.getName()).getPersistentVolumeClaim();
            assertThat(claim).as(overlay + ": /deployments/data is a PersistentVolumeClaim").isNotNull();
            PersistentVolumeClaim pvc = named(overlay, PersistentVolumeClaim.class, claim.getClaimName());
            if (deployment.getSpec().getReplicas() > 1) {
                assertThat(pvc.getSpec().getAccessModes()).as(overlay + ": replicas share the inbox volume")
                        .contains("ReadWriteMany");
            }
            if (!pvc.getSpec().getAccessModes().contains("ReadWriteMany")) {
                // a surge pod on another node would wait for the volume the old pod holds: the rollout stalls
                assertThat(deployment.getSpec().getStrategy().getType())
                        .as(overlay + ": a pod on a ReadWriteOnce volume is replaced, not rolled")
                        .isEqualTo("Recreate");
            }
            for (VolumeMount mount : bundle.getVolumeMounts()) {
                if (!Set.of("/deployments/data", "/tmp").contains(mount.getMountPath())) {
                    assertThat(mount.getReadOnly()).as(overlay + ": only data and /tmp are writable, not "
                            + mount.getMountPath()).isTrue();
                }
            }
        }
    }

    /**
     * Kustomize has no globs, so a new route file must be listed by hand; this says exactly which line to add
     * (or remove) before the rendered ConfigMaps are compared below.
     */
    @Test
    void kustomizationListsEveryRouteKameletAndTemplate() throws IOException {
        Path kustomization = root.resolve("routes/kustomization.yaml");
        JsonNode generators = new YAMLMapper().readTree(kustomization.toFile()).get("configMapGenerator");
        Map<String, Set<String>> listed = new TreeMap<>();
        for (JsonNode generator : generators) {
            Set<String> files = new TreeSet<>();
            generator.get("files").forEach(f -> files.add(f.asText()));
            listed.put(generator.get("name").asText(), files);
        }
        Map<String, Set<String>> present = Map.of(
                "bundle-routes", prefixed("", filesIn(root.resolve("routes"), ".camel.yaml").keySet()),
                "bundle-kamelets",
                prefixed("kamelets/", filesIn(root.resolve("routes/kamelets"), ".kamelet.yaml").keySet()),
                "bundle-tze-templates",
                prefixed("templates/tze/", filesIn(root.resolve("routes/templates/tze"), ".json").keySet()));
        List<String> edits = new ArrayList<>();
        present.forEach((name, files) -> {
            Set<String> inList = listed.getOrDefault(name, Set.of());
            files.stream().filter(f -> !inList.contains(f))
                    .forEach(f -> edits.add("add \"      - " + f + "\" under the files of " + name));
            inList.stream().filter(f -> !files.contains(f))
                    .forEach(f -> edits
                            .add("remove \"      - " + f + "\" from the files of " + name + " (no such file)"));
        });
        assertThat(edits).as("routes/kustomization.yaml must list every file Camel loads in Kubernetes").isEmpty();
    }

    /**
     * The image runs on its own with the routes/ it bakes in (Dockerfile.jvm), and .dockerignore keeps everything
     * out that a "!" line does not let back in: every file the bundle reads from routes/ at run time needs one.
     */
    @Test
    void dockerignoreLetsInEveryFileReadFromRoutes() throws IOException {
        List<PathMatcher> letIn = Files.readAllLines(root.resolve(".dockerignore")).stream().map(String::trim)
                .filter(line -> line.startsWith("!"))
                .map(line -> line.substring(1).replaceFirst("^/", "")) // Docker reads "/x" as "x"
                .map(pattern -> FileSystems.getDefault().getPathMatcher("glob:" + pattern))
                .toList();
        Set<String> read = new TreeSet<>();
        read.addAll(prefixed("routes/", filesIn(root.resolve("routes"), ".camel.yaml").keySet()));
        read.addAll(prefixed("routes/kamelets/", filesIn(root.resolve("routes/kamelets"), ".kamelet.yaml").keySet()));
        read.addAll(prefixed("routes/templates/tze/", filesIn(root.resolve("routes/templates/tze"), ".json").keySet()));
        assertThat(read).as("routes/*.camel.yaml, routes/kamelets/*.kamelet.yaml, routes/templates/tze/*.json")
                .isNotEmpty();
        List<String> keptOut = read.stream()
                .filter(file -> letIn.stream().noneMatch(matcher -> matcher.matches(Path.of(file))))
                .toList();
        assertThat(keptOut).as("files the bundle reads from routes/ that no \"!\" line of .dockerignore lets into the"
                + " image").isEmpty();
    }

    private static Set<String> prefixed(String prefix, Set<String> names) {
        return names.stream().map(n -> prefix + n).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void configMapsMirrorTheRepositoryRoutesAndConfig() throws IOException {
        Map<String, String> routes = filesIn(root.resolve("routes"), ".camel.yaml");
        Map<String, String> kamelets = filesIn(root.resolve("routes/kamelets"), ".kamelet.yaml");
        String config = Files.readString(root.resolve("config/application.properties"));
        assertThat(routes).as("routes/*.camel.yaml").isNotEmpty();
        for (String overlay : OVERLAYS) {
            assertThat(configMapMountedAt(overlay, "/deployments/routes").getData())
                    .as(overlay + ": /deployments/routes holds every routes/*.camel.yaml (list new files in"
                            + " routes/kustomization.yaml)")
                    .isEqualTo(routes);
            assertThat(configMapMountedAt(overlay, "/deployments/routes/kamelets").getData())
                    .as(overlay + ": /deployments/routes/kamelets holds every routes/kamelets/*.kamelet.yaml (list"
                            + " new files in routes/kustomization.yaml)")
                    .isEqualTo(kamelets);
            assertThat(configMapMountedAt(overlay, "/deployments/routes/templates/tze").getData())
                    .as(overlay + ": /deployments/routes/templates/tze holds every routes/templates/tze/*.json (list"
                            + " new templates in routes/kustomization.yaml)")
                    .isEqualTo(filesIn(root.resolve("routes/templates/tze"), ".json"));
            assertThat(configMapMountedAt(overlay, "/deployments/config").getData())
                    .as(overlay + ": /deployments/config holds config/application.properties")
                    .isEqualTo(Map.of("application.properties", config));
        }
    }

    @Test
    void serviceResourcesAndScrapingAreSet() {
        for (String overlay : OVERLAYS) {
            Deployment deployment = deployment(overlay);
            Container bundle = bundleContainer(overlay);
            Service service = one(overlay, Service.class);
            assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                    .as(overlay + ": Service selects the pods").containsAllEntriesOf(service.getSpec().getSelector());
            assertThat(service.getSpec().getPorts()).as(overlay + ": Service port")
                    .anySatisfy(port -> assertThat(resolvePort(bundle, port.getTargetPort())).isEqualTo(8080));
            assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
                    .as(overlay + ": Prometheus scrape annotations")
                    .containsEntry("prometheus.io/scrape", "true")
                    .containsEntry("prometheus.io/path", "/q/metrics")
                    .containsEntry("prometheus.io/port", "9000");
            var resources = bundle.getResources();
            assertThat(resources.getRequests()).as(overlay + ": requests").containsKeys("memory", "cpu");
            assertThat(resources.getLimits()).as(overlay + ": limits").containsKey("memory");
            BigDecimal request = Quantity.getAmountInBytes(resources.getRequests().get("memory"));
            BigDecimal limit = Quantity.getAmountInBytes(resources.getLimits().get("memory"));
            assertThat(limit).as(overlay + ": memory limit >= request").isGreaterThanOrEqualTo(request);
            // About 250-260 MB RSS at start (docs/performance.md): the request must cover it, the limit leave
            // room above.
            assertThat(request).as(overlay + ": memory request covers the measured start-up RSS")
                    .isGreaterThanOrEqualTo(BigDecimal.valueOf(260L * 1000 * 1000));
        }
    }

    @Test
    void grafanaDashboardQueriesTheBundleMetrics() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(root.resolve("k8s/grafana/bundle-dashboard.json").toFile());
        String expressions = dashboard.findValues("expr").stream().map(JsonNode::asText)
                .collect(Collectors.joining("\n"));
        assertThat(expressions).as("dashboard queries").contains(DASHBOARD_METRICS);
        Matcher metric = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{").matcher(expressions);
        Set<String> queried = new TreeSet<>();
        while (metric.find()) {
            queried.add(metric.group(1));
        }
        assertThat(queried).as("metrics the dashboard queries").isNotEmpty().isSubsetOf(EXPORTED_METRICS);
        assertThat(expressions).as("token panels group by the credential label").contains("by (credential)");
        assertThat(expressions).as("OM event panel groups by outcome").contains("by (outcome)");
    }

    // ---------------------------------------------------------------------------------------------
    // Rendering and strict parsing
    // ---------------------------------------------------------------------------------------------

    private static String kubectl() {
        return Executables.find("kubectl", "KUBECTL", "ManifestsTest renders k8s/overlays/* with `kubectl"
                + " kustomize`. Install kubectl 1.27 or newer (it embeds kustomize v5) or set KUBECTL=/path/to/kubectl.");
    }

    private String kustomize(String kubectl, String overlay) throws IOException, InterruptedException {
        Path stderr = Files.createTempFile("kustomize-" + overlay, ".err");
        try {
            Process process = new ProcessBuilder(kubectl, "kustomize", "k8s/overlays/" + overlay)
                    .directory(root.toFile())
                    .redirectError(stderr.toFile())
                    .start();
            String out;
            try (InputStream in = process.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("kubectl kustomize k8s/overlays/" + overlay + " did not finish within 120 s");
            }
            if (process.exitValue() != 0) {
                fail("kubectl kustomize k8s/overlays/" + overlay + " failed (exit " + process.exitValue() + "):\n"
                        + Files.readString(stderr));
            }
            return out;
        } finally {
            Files.deleteIfExists(stderr);
        }
    }

    /** One typed fabric8 object per YAML document; unknown kinds and unknown or mistyped fields fail. */
    private List<HasMetadata> parse(String overlay, String yaml) throws IOException {
        List<HasMetadata> resources = new ArrayList<>();
        try (MappingIterator<JsonNode> documents = new YAMLMapper().readerFor(JsonNode.class).readValues(yaml)) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document == null || document.isNull() || document.isEmpty()) {
                    continue;
                }
                String apiVersion = document.path("apiVersion").asText();
                String kind = document.path("kind").asText();
                String where = overlay + ": " + kind + " " + document.path("metadata").path("name").asText();
                var type = serialization.getRegisteredKubernetesResource(apiVersion, kind);
                if (type == null || !HasMetadata.class.isAssignableFrom(type)) {
                    fail(where + ": unknown apiVersion/kind " + apiVersion + "/" + kind);
                }
                HasMetadata resource;
                try {
                    resource = (HasMetadata) serialization.unmarshal(document.toString(), type);
                } catch (RuntimeException e) {
                    Throwable cause = e.getCause() != null ? e.getCause() : e;
                    return fail(where + ": does not fit the Kubernetes model: " + cause.getMessage(), e);
                }
                List<String> unknown = new ArrayList<>();
                collectUnknownFields(resource, where, unknown);
                assertThat(unknown).as(where + ": fields the Kubernetes model does not know (typo?)").isEmpty();
                resources.add(resource);
            }
        }
        assertThat(resources).as(overlay + ": rendered resources").isNotEmpty();
        return resources;
    }

    /** fabric8 keeps unknown and mistyped fields in additionalProperties instead of failing: find them. */
    private static void collectUnknownFields(Object value, String path, List<String> unknown) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> collectUnknownFields(item, path + "." + key, unknown));
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                collectUnknownFields(item, path + "[" + i++ + "]", unknown);
            }
            return;
        }
        if (value == null || !value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model.")) {
            return;
        }
        for (Class<?> type = value.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                field.setAccessible(true);
                Object fieldValue;
                try {
                    fieldValue = field.get(value);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
                if (field.getName().equals("additionalProperties")) {
                    if (fieldValue instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        unknown.add(path + ": " + extra.keySet());
                    }
                } else {
                    collectUnknownFields(fieldValue, path + "." + field.getName(), unknown);
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers
    // ---------------------------------------------------------------------------------------------

    /** Env names the bundle reads: config/application.properties keys in env form and ${VAR} references. */
    private Set<String> bundleEnvNames() throws IOException {
        String text = Files.readString(root.resolve("config/application.properties"));
        Set<String> names = new TreeSet<>(ALLOWED_EXTRA_ENV.keySet());
        for (String key : load(text).stringPropertyNames()) {
            String plain = key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key;
            names.add(plain.replaceAll("[^A-Za-z0-9]", "_").toUpperCase());
        }
        Matcher reference = ENV_REFERENCE.matcher(text);
        while (reference.find()) {
            names.add(reference.group(1));
        }
        return names;
    }

    private Map<String, String> secretExampleKeys() throws IOException {
        Map<String, String> keys = new TreeMap<>();
        for (String line : Files.readAllLines(root.resolve("k8s/secret.example.env"))) {
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int equals = trimmed.indexOf('=');
            assertThat(equals).as("k8s/secret.example.env line '" + line + "' is KEY=").isPositive();
            keys.put(trimmed.substring(0, equals), trimmed.substring(equals + 1));
        }
        return keys;
    }

    private static Properties load(String text) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(text));
        return properties;
    }

    private static Map<String, String> filesIn(Path dir, String suffix) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path file : list.filter(p -> p.getFileName().toString().endsWith(suffix)).toList()) {
                files.put(file.getFileName().toString(), Files.readString(file));
            }
        }
        return files;
    }

    private <T extends HasMetadata> List<T> all(String overlay, Class<T> type) {
        return rendered.get(overlay).stream().filter(type::isInstance).map(type::cast).toList();
    }

    private <T extends HasMetadata> T one(String overlay, Class<T> type) {
        List<T> found = all(overlay, type);
        assertThat(found).as(overlay + ": exactly one " + type.getSimpleName()).hasSize(1);
        return found.get(0);
    }

    private <T extends HasMetadata> T named(String overlay, Class<T> type, String name) {
        return all(overlay, type).stream().filter(r -> r.getMetadata().getName().equals(name)).findFirst()
                .orElseGet(() -> fail(overlay + ": no " + type.getSimpleName() + " named " + name));
    }

    private Deployment deployment(String overlay) {
        return one(overlay, Deployment.class);
    }

    private static List<Container> containers(Deployment deployment) {
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        return Stream.concat(pod.getContainers().stream(), pod.getInitContainers().stream()).toList();
    }

    private Container bundleContainer(String overlay) {
        List<Container> containers = deployment(overlay).getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).as(overlay + ": one application container").hasSize(1);
        return containers.get(0);
    }

    private static VolumeMount mountAt(String overlay, Container container, String path) {
        return container.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(path)).findFirst()
                .orElseGet(() -> fail(overlay + ": no volume mounted at " + path));
    }

    private static Volume volume(Deployment deployment, String name) {
        return deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals(name)).findFirst()
                .orElseGet(() -> fail("no volume named " + name));
    }

    private ConfigMap configMapMountedAt(String overlay, String path) {
        Deployment deployment = deployment(overlay);
        VolumeMount mount = mountAt(overlay, bundleContainer(overlay), path);
        var source = volume(deployment, mount.getName()).getConfigMap();
        assertThat(source).as(overlay + ": " + path + " is a ConfigMap volume").isNotNull();
        assertThat(source.getItems()).as(overlay + ": " + path + " mounts every key").isNullOrEmpty();
        return named(overlay, ConfigMap.class, source.getName());
    }

    private static void assertProbe(String where, Container container, Probe probe, String path, int port) {
        assertThat(probe).as(where).isNotNull();
        HTTPGetAction get = probe.getHttpGet();
        assertThat(get).as(where + " is an HTTP GET").isNotNull();
        assertThat(get.getPath()).as(where + " path").isEqualTo(path);
        assertThat(resolvePort(container, get.getPort())).as(where + " port").isEqualTo(port);
    }

    /** quarkus.management.port of config/application.properties: health and metrics are served there. */
    private int managementPort() throws IOException {
        String port = load(Files.readString(root.resolve("config/application.properties")))
                .getProperty("quarkus.management.port");
        assertThat(port).as("quarkus.management.port in config/application.properties").isNotNull();
        return Integer.parseInt(port.trim());
    }

    private static int resolvePort(Container container, IntOrString port) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return container.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName()))
                .map(p -> p.getContainerPort()).findFirst()
                .orElseGet(() -> fail("container " + container.getName() + " has no port named " + port.getStrVal()));
    }

    private static <T> T firstNonNull(T first, T second) {
        return first != null ? first : second;
    }

    private static String id(HasMetadata resource) {
        return resource.getKind() + " " + resource.getMetadata().getName();
    }
}
