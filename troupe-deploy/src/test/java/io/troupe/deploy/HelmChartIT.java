package io.troupe.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.troupe.workspace.testrun.kubernetes.SandboxJob;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The chart as CI checks it: strict lint and rendering with every values variant under
 * {@code helm/troupe/ci}, every rendered object a typed Kubernetes object with no field the API
 * would not know, and the security settings of the pods that run agents and LLM-written code.
 */
class HelmChartIT {
    private static final KubernetesSerialization K8S = new KubernetesSerialization();

    static Stream<String> variants() {
        return Stream.of("ci/default-values.yaml", "ci/keda-values.yaml", "ci/servicemonitor-values.yaml",
                "ci/existing-secret-values.yaml");
    }

    @ParameterizedTest
    @MethodSource("variants")
    void lintIsCleanInStrictMode(String values) {
        Helm.Result lint = Helm.run("lint", "--strict", Helm.CHART.toString(), "-f",
                Helm.CHART.resolve(values).toString());

        assertThat(lint.exitCode()).as(lint.output()).isZero();
    }

    @ParameterizedTest
    @MethodSource("variants")
    void everyRenderedObjectIsATypedKubernetesObjectWithoutUnknownFields(String values) {
        List<KubernetesResource> objects = render("-f", Helm.CHART.resolve(values).toString());

        List<String> problems = new ArrayList<>();
        for (KubernetesResource object : objects) {
            HasMetadata o = (HasMetadata) object;
            String name = o.getKind() + "/" + o.getMetadata().getName();
            if (object instanceof GenericKubernetesResource) {
                assertThat(o.getKind()).as("untyped object %s", name)
                        .isIn("ScaledObject", "ServiceMonitor", "KafkaUser");
            }
            collectUnknownFields(object, name, problems);
        }
        assertThat(objects).isNotEmpty();
        assertThat(problems).isEmpty();
    }

    @Test
    void servicePodsRunLockedDown() {
        List<KubernetesResource> objects = render();

        List<PodSpec> pods = new ArrayList<>();
        of(objects, Deployment.class).forEach(d -> pods.add(d.getSpec().getTemplate().getSpec()));
        StatefulSet agents = single(of(objects, StatefulSet.class));
        pods.add(agents.getSpec().getTemplate().getSpec());

        assertThat(pods).hasSize(4).allSatisfy(HelmChartIT::assertRestricted);
        assertThat(agents.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken()).isFalse();
        assertThat(agents.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv())
                .anySatisfy(e -> assertThat(e.getName()).isEqualTo("MP_MESSAGING_INCOMING_AGENT_INBOX_GROUP_ID"));
        for (PodSpec pod : pods) {
            Container c = pod.getContainers().getFirst();
            assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
            assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
            assertThat(c.getResources().getLimits()).containsKeys("cpu", "memory");
        }
    }

    @Test
    void sandboxJobsRunWithoutNetworkCredentialsOrPrivileges() {
        List<KubernetesResource> objects = render();

        ConfigMap template = of(objects, ConfigMap.class).stream()
                .filter(c -> c.getMetadata().getName().endsWith("-sandbox-job")).findFirst().orElseThrow();
        Job job = K8S.unmarshal(template.getData().get("job.yaml"), Job.class);
        PodSpec pod = job.getSpec().getTemplate().getSpec();

        assertRestricted(pod);
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(65534L);
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getEnableServiceLinks()).isFalse();
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        assertThat(job.getSpec().getActiveDeadlineSeconds()).isPositive();
        assertThat(job.getSpec().getTtlSecondsAfterFinished()).isNotNull();
        assertThat(job.getSpec().getBackoffLimit()).isZero();
        assertThat(pod.getContainers().getFirst().getResources().getLimits()).containsKeys("cpu", "memory");
        String component = job.getSpec().getTemplate().getMetadata().getLabels().get("app.kubernetes.io/component");
        NetworkPolicy isolation = of(objects, NetworkPolicy.class).stream()
                .filter(n -> component.equals(n.getSpec().getPodSelector().getMatchLabels()
                        .get("app.kubernetes.io/component")))
                .findFirst().orElseThrow();
        assertThat(isolation.getSpec().getPolicyTypes()).contains("Ingress", "Egress");
        assertThat(isolation.getSpec().getEgress()).isEmpty();
        assertThat(isolation.getSpec().getIngress()).isEmpty();
    }

    @Test
    void theJobTheWorkspaceMakesFromTheRenderedTemplateIsLockedDownAndMountsTheSnapshot() {
        List<KubernetesResource> objects = render();
        ConfigMap template = of(objects, ConfigMap.class).stream()
                .filter(c -> c.getMetadata().getName().equals("troupe-sandbox-job")).findFirst().orElseThrow();

        // When
        Job job = SandboxJob.build(template.getData().get("job.yaml"), "troupe-test-run-1", "troupe",
                "troupe-test-run-1", "1", "run-1", List.of("python3", "-m", "pytest", "-q"), Duration.ofSeconds(120));

        // Then
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertRestricted(pod);
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getVolumes()).anySatisfy(v -> assertThat(v.getConfigMap().getName())
                .isEqualTo("troupe-test-run-1"));
        assertThat(job.getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/component", "sandbox");
        assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(300L);
        Container workspace = single(of(objects, Deployment.class).stream()
                .filter(d -> d.getMetadata().getName().equals("troupe-workspace")).toList())
                .getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(workspace.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("TROUPE_WORKSPACE_SANDBOX");
            assertThat(e.getValue()).isEqualTo("kubernetes");
        });
        String templatePath = workspace.getEnv().stream()
                .filter(e -> e.getName().equals("TROUPE_WORKSPACE_KUBERNETES_JOB_TEMPLATE")).findFirst().orElseThrow()
                .getValue();
        assertThat(workspace.getVolumeMounts()).anySatisfy(m -> assertThat(templatePath)
                .isEqualTo(m.getMountPath() + "/job.yaml"));
    }

    @Test
    void theCoordinatorScalesTheAgentStatefulSetItsRoleAllowsItToScale() {
        List<KubernetesResource> objects = render();

        Map<String, String> env = coordinatorEnv(objects);
        StatefulSet agents = single(of(objects, StatefulSet.class));
        Role role = of(objects, Role.class).stream().filter(r -> r.getMetadata().getName().equals("troupe-coordinator"))
                .findFirst().orElseThrow();
        assertThat(env).containsEntry("TROUPE_POOL_KIND", "kubernetes")
                .containsEntry("TROUPE_POOL_KUBERNETES_STATEFUL_SET", agents.getMetadata().getName())
                .containsEntry("TROUPE_POOL_KUBERNETES_NAMESPACE", "troupe")
                .containsEntry("TROUPE_POOL_KUBERNETES_SCALING", "true")
                .containsEntry("TROUPE_POOL_KUBERNETES_MAX_REPLICAS", "16");
        assertThat(role.getRules()).anySatisfy(r -> {
            assertThat(r.getResources()).containsExactly("statefulsets/scale");
            assertThat(r.getResourceNames()).containsExactly(agents.getMetadata().getName());
            assertThat(r.getVerbs()).contains("get", "update", "patch");
        });
        assertThat(coordinatorEnv(render("-f", Helm.CHART.resolve("ci/keda-values.yaml").toString())))
                .containsEntry("TROUPE_POOL_KUBERNETES_SCALING", "false");
        assertThat(coordinatorEnv(render("--set", "agents.coordinatorScaling=false")))
                .containsEntry("TROUPE_POOL_KUBERNETES_SCALING", "false");
    }

    private static Map<String, String> coordinatorEnv(List<KubernetesResource> objects) {
        Container coordinator = of(objects, Deployment.class).stream()
                .filter(d -> d.getMetadata().getName().equals("troupe-coordinator")).findFirst().orElseThrow()
                .getSpec().getTemplate().getSpec().getContainers().getFirst();
        Map<String, String> env = new java.util.HashMap<>();
        coordinator.getEnv().stream().filter(e -> e.getValue() != null)
                .forEach(e -> env.put(e.getName(), e.getValue()));
        return env;
    }

    @Test
    void rolesGrantEachServiceOnlyWhatItNeeds() {
        List<KubernetesResource> objects = render();

        Map<String, List<PolicyRule>> rules = new java.util.TreeMap<>();
        of(objects, Role.class).forEach(r -> rules.put(r.getMetadata().getName(), r.getRules()));

        assertThat(rules).containsOnlyKeys("troupe-coordinator", "troupe-workspace");
        assertThat(rules.get("troupe-coordinator")).allSatisfy(r -> {
            assertThat(r.getVerbs()).doesNotContain("create", "delete", "*");
            assertThat(r.getResources()).doesNotContain("secrets", "*");
        });
        assertThat(rules.get("troupe-coordinator"))
                .anySatisfy(r -> assertThat(r.getResources()).containsExactly("statefulsets/scale"));
        assertThat(rules.get("troupe-workspace")).allSatisfy(r ->
                assertThat(r.getResources()).isSubsetOf("jobs", "pods", "pods/log", "configmaps"));
    }

    @Test
    void kedaVariantLeavesTheAgentReplicasToKeda() {
        List<KubernetesResource> objects = render("-f", Helm.CHART.resolve("ci/keda-values.yaml").toString());

        assertThat(single(of(objects, StatefulSet.class)).getSpec().getReplicas()).isNull();
        GenericKubernetesResource scaled = single(custom(objects, "ScaledObject"));
        assertThat(scaled.getKind()).isEqualTo("ScaledObject");
        assertThat(scaled.get("spec", "scaleTargetRef", "kind").toString()).isEqualTo("StatefulSet");
    }

    @Test
    void existingSecretVariantRendersNoSecretAndReadsTheUsersOne() {
        List<KubernetesResource> objects = render("-f",
                Helm.CHART.resolve("ci/existing-secret-values.yaml").toString());

        assertThat(of(objects, Secret.class)).isEmpty();
        Container agent = single(of(objects, StatefulSet.class)).getSpec().getTemplate().getSpec().getContainers()
                .getFirst();
        assertThat(agent.getEnvFrom()).filteredOn(e -> e.getSecretRef() != null)
                .singleElement().satisfies(e -> assertThat(e.getSecretRef().getName()).isEqualTo("my-llm-keys"));
    }

    @Test
    void serviceMonitorVariantAddsMonitoringAndTheDashboard() throws Exception {
        List<KubernetesResource> objects = render("-f",
                Helm.CHART.resolve("ci/servicemonitor-values.yaml").toString());

        GenericKubernetesResource monitor = single(custom(objects, "ServiceMonitor"));
        assertThat(monitor.getKind()).isEqualTo("ServiceMonitor");
        ConfigMap dashboard = of(objects, ConfigMap.class).stream()
                .filter(c -> c.getMetadata().getName().endsWith("-dashboard")).findFirst().orElseThrow();
        var json = new ObjectMapper().readTree(dashboard.getData().get("troupe.json"));
        assertThat(json.path("panels").size()).isPositive();
    }

    @Test
    void everyServiceReadsItsApiCredentialsFromTheAuthSecretAndAgentsGetNoOperatorOrServiceToken() {
        List<KubernetesResource> objects = render();

        Secret auth = of(objects, Secret.class).stream().filter(x -> x.getMetadata().getName().equals("troupe-auth"))
                .findFirst().orElseThrow();
        assertThat(auth.getData()).containsOnlyKeys(AUTH_KEYS);
        assertThat(auth.getData().values()).allSatisfy(v -> assertThat(java.util.Base64.getDecoder().decode(v))
                .hasSizeGreaterThanOrEqualTo(32));
        for (Deployment d : of(objects, Deployment.class)) {
            assertThat(secretEnv(d.getSpec().getTemplate().getSpec().getContainers().getFirst(), "troupe-auth"))
                    .as(d.getMetadata().getName()).containsExactlyInAnyOrder(AUTH_KEYS);
        }
        Container agent = single(of(objects, StatefulSet.class)).getSpec().getTemplate().getSpec().getContainers()
                .getFirst();
        assertThat(secretEnv(agent, "troupe-auth"))
                .containsExactlyInAnyOrder("TROUPE_AUTH_AGENT_KEY", "TROUPE_AUTH_VIEWER_TOKEN");
    }

    @Test
    void kafkaClientsUseScramOverTlsAsTheChartsKafkaUser() {
        List<KubernetesResource> objects = render();

        GenericKubernetesResource user = single(custom(objects, "KafkaUser"));
        assertThat(user.get("spec", "authentication", "type").toString()).isEqualTo("scram-sha-512");
        List<Container> containers = new ArrayList<>();
        of(objects, Deployment.class).forEach(d -> containers.add(d.getSpec().getTemplate().getSpec().getContainers()
                .getFirst()));
        containers.add(single(of(objects, StatefulSet.class)).getSpec().getTemplate().getSpec().getContainers()
                .getFirst());
        for (Container c : containers) {
            Map<String, String> env = new java.util.HashMap<>();
            c.getEnv().stream().filter(e -> e.getValue() != null).forEach(e -> env.put(e.getName(), e.getValue()));
            assertThat(env).as(c.getName()).containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                    .containsEntry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
                    .containsEntry("KAFKA_SSL_TRUSTSTORE_TYPE", "PEM");
            assertThat(secretEnv(c, user.getMetadata().getName())).containsExactly("KAFKA_SASL_JAAS_CONFIG");
            assertThat(secretEnv(c, "troupe-kafka-cluster-ca-cert"))
                    .containsExactly("KAFKA_SSL_TRUSTSTORE_CERTIFICATES");
        }
    }

    @Test
    void networkPoliciesAdmitOnlyTheReleasesPodsAndTheNamedPeers() {
        List<KubernetesResource> objects = render("--set-json",
                "networkPolicy.ingress=[{\"namespaceSelector\":{\"matchLabels\":{\"name\":\"ingress-nginx\"}}}]");

        Map<String, NetworkPolicy> policies = new java.util.TreeMap<>();
        of(objects, NetworkPolicy.class).forEach(p -> policies.put(p.getMetadata().getName(), p));
        assertThat(policies).containsKeys("troupe-coordinator", "troupe-workspace", "troupe-metrics", "troupe-agent");
        for (String service : List.of("troupe-coordinator", "troupe-workspace", "troupe-agent")) {
            // every rule names who may call: none admits all sources
            assertThat(policies.get(service).getSpec().getIngress()).as(service).singleElement()
                    .satisfies(rule -> assertThat(rule.getFrom()).singleElement().satisfies(peer -> {
                        assertThat(peer.getNamespaceSelector()).isNull();
                        assertThat(peer.getPodSelector().getMatchLabels())
                                .containsEntry("app.kubernetes.io/instance", "troupe");
                    }));
        }
        var metrics = policies.get("troupe-metrics").getSpec().getIngress();
        assertThat(metrics).allSatisfy(rule -> assertThat(rule.getFrom()).isNotEmpty());
        assertThat(metrics).hasSize(2);
        assertThat(metrics.get(1).getFrom()).extracting(p -> p.getNamespaceSelector() == null ? "pod"
                : p.getNamespaceSelector().getMatchLabels().get("name"))
                .containsExactlyInAnyOrder("pod", "ingress-nginx");
    }

    @Test
    void existingSecretVariantReadsTheUsersApiCredentialsAndKafkaSecrets() {
        List<KubernetesResource> objects = render("-f",
                Helm.CHART.resolve("ci/existing-secret-values.yaml").toString());

        assertThat(custom(objects, "KafkaUser")).isEmpty();
        Container coordinator = of(objects, Deployment.class).stream()
                .filter(d -> d.getMetadata().getName().equals("troupe-coordinator")).findFirst().orElseThrow()
                .getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(secretEnv(coordinator, "my-troupe-auth")).containsExactlyInAnyOrder(AUTH_KEYS);
        assertThat(secretEnv(coordinator, "my-kafka-user")).containsExactly("KAFKA_SASL_JAAS_CONFIG");
        assertThat(secretEnv(coordinator, "my-kafka-ca")).containsExactly("KAFKA_SSL_TRUSTSTORE_CERTIFICATES");
    }

    private static final String[] AUTH_KEYS = {"TROUPE_AUTH_OPERATOR_TOKEN", "TROUPE_AUTH_VIEWER_TOKEN",
            "TROUPE_AUTH_SERVICE_TOKEN", "TROUPE_AUTH_AGENT_KEY"};

    /** The names of the container's variables read from Secret {@code secret}. */
    private static List<String> secretEnv(Container c, String secret) {
        return c.getEnv().stream().filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null
                && secret.equals(e.getValueFrom().getSecretKeyRef().getName())).map(e -> e.getName()).toList();
    }

    @Test
    void unknownValuesAreRefusedByTheSchema() {
        Helm.Result result = Helm.run("template", "troupe", Helm.CHART.toString(), "--set", "agents.replica=3");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("replica");
    }

    private static void assertRestricted(PodSpec pod) {
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        List<Container> containers = new ArrayList<>(pod.getContainers());
        if (pod.getInitContainers() != null) {
            containers.addAll(pod.getInitContainers());
        }
        assertThat(containers).allSatisfy(c -> {
            assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
            assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
            assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        });
    }

    private static List<KubernetesResource> render(String... extra) {
        List<String> args = new ArrayList<>(List.of("template", "troupe", Helm.CHART.toString(),
                "--namespace", "troupe"));
        args.addAll(Arrays.asList(extra));
        Helm.Result result = Helm.run(args.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.output()).isZero();
        List<KubernetesResource> objects = new ArrayList<>();
        for (String doc : result.output().split("(?m)^---\\s*$")) {
            boolean empty = doc.lines().allMatch(l -> l.isBlank() || l.startsWith("#"));
            if (!empty) {
                objects.add(K8S.unmarshal(doc, KubernetesResource.class));
            }
        }
        return objects;
    }

    private static <T> List<T> of(List<KubernetesResource> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The custom resources of one kind (the chart also renders a KafkaUser by default). */
    private static List<GenericKubernetesResource> custom(List<KubernetesResource> objects, String kind) {
        return of(objects, GenericKubernetesResource.class).stream().filter(g -> kind.equals(g.getKind())).toList();
    }

    private static <T> T single(List<T> items) {
        assertThat(items).hasSize(1);
        return items.getFirst();
    }

    /** fabric8 keeps fields its model does not know in additionalProperties: there must be none. */
    private static void collectUnknownFields(Object value, String path, List<String> problems) {
        switch (value) {
            case null -> {
            }
            case GenericKubernetesResource ignored -> {
                // a custom resource: no typed model to check against
            }
            case Collection<?> items -> {
                int i = 0;
                for (Object item : items) {
                    collectUnknownFields(item, path + "[" + i++ + "]", problems);
                }
            }
            case Map<?, ?> map -> map.forEach((k, v) -> collectUnknownFields(v, path + "." + k, problems));
            default -> {
                if (value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
                    collectBeanUnknownFields(value, path, problems);
                }
            }
        }
    }

    private static void collectBeanUnknownFields(Object bean, String path, List<String> problems) {
        for (Method getter : bean.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get")
                    || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object v;
            try {
                v = getter.invoke(bean);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (v instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    problems.add(path + ": unknown field(s) " + extra.keySet());
                }
            } else {
                collectUnknownFields(v, path + "." + getter.getName().substring(3), problems);
            }
        }
    }
}
