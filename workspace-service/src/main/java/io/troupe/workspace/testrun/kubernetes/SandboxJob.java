package io.troupe.workspace.testrun.kubernetes;

import io.fabric8.kubernetes.api.model.CapabilitiesBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SeccompProfileBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Job of one test run, made from the sandbox Job template the Helm chart renders
 * ({@code <release>-sandbox-job}): the template's pod with its name, the snapshot's ConfigMap
 * and the test command filled in. Whatever the template says, the pod is locked down: no service
 * account token, no service links, non-root, seccomp {@code RuntimeDefault}, read-only root
 * filesystem, no privilege escalation, all capabilities dropped, no restarts or retries.
 *
 * <p>Depends on the fabric8 model only, so that the chart's tests can build a Job from the
 * rendered template.
 */
public final class SandboxJob {
    /** The name of the snapshot ConfigMap in the template's volume, replaced per test run. */
    public static final String SNAPSHOT_PLACEHOLDER = "SNAPSHOT";
    /** The key of the gzipped tar of the snapshot in its ConfigMap (the init container unpacks it). */
    public static final String SNAPSHOT_KEY = "snapshot.tar.gz";
    /** The container that runs the tests. */
    public static final String TESTS_CONTAINER = "tests";
    /** Label of the Job, its pod and its ConfigMap: the test run's id. */
    public static final String TEST_RUN_LABEL = "troupe.io/test-run";
    /** Annotation of the Job: the run whose files are tested. */
    public static final String RUN_ANNOTATION = "troupe.io/run-id";
    /** Where a pytest command writes its JUnit XML report inside the pod. */
    public static final String REPORT = "/tmp/troupe-report.xml";
    static final String REPORT_BEGIN = "@@troupe-junit-xml-begin@@";
    static final String REPORT_END = "@@troupe-junit-xml-end@@";
    static final String TIMEOUT_ENV = "TROUPE_TEST_TIMEOUT";
    /**
     * The pod has no network, so the report comes back in the pod's log: after the tests' output,
     * base64 between two marker lines. {@code timeout} stops the command at the test time limit
     * (exit 124) so that its output still comes back.
     */
    static final String SCRIPT = String.join("\n",
            "if command -v timeout >/dev/null 2>&1; then",
            "  timeout -k 5 \"$" + TIMEOUT_ENV + "\" \"$@\"",
            "else",
            "  \"$@\"",
            "fi",
            "code=$?",
            "if [ -s " + REPORT + " ]; then",
            "  printf '\\n%s\\n' '" + REPORT_BEGIN + "'",
            "  base64 " + REPORT,
            "  printf '%s\\n' '" + REPORT_END + "'",
            "fi",
            "exit \"$code\"");
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private SandboxJob() {
    }

    /**
     * The Job running {@code args} (the test command, with its report option) on the snapshot in
     * ConfigMap {@code snapshotConfigMap}, from the template {@code templateYaml}.
     *
     * @throws IllegalArgumentException if the template is no Job with a pod, a container and a
     *     configMap volume named {@value #SNAPSHOT_PLACEHOLDER}
     */
    public static Job build(String templateYaml, String name, String namespace, String snapshotConfigMap,
                            String testRunId, String runId, List<String> args, Duration testTimeout) {
        Job job;
        try {
            job = SERIALIZATION.unmarshal(templateYaml, Job.class);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the sandbox Job template is not a Job: " + e.getMessage(), e);
        }
        if (job == null || job.getSpec() == null || job.getSpec().getTemplate() == null
                || job.getSpec().getTemplate().getSpec() == null) {
            throw new IllegalArgumentException("the sandbox Job template has no spec.template.spec");
        }
        var metadata = job.getMetadata();
        if (metadata == null) {
            metadata = new ObjectMeta();
            job.setMetadata(metadata);
        }
        metadata.setName(name);
        metadata.setGenerateName(null);
        metadata.setNamespace(namespace);
        metadata.setLabels(with(metadata.getLabels(), TEST_RUN_LABEL, testRunId));
        metadata.setAnnotations(with(metadata.getAnnotations(), RUN_ANNOTATION, runId));

        var spec = job.getSpec();
        spec.setBackoffLimit(0);
        if (spec.getActiveDeadlineSeconds() == null) {
            spec.setActiveDeadlineSeconds(testTimeout.toSeconds() + 120);
        }
        var podTemplate = spec.getTemplate();
        if (podTemplate.getMetadata() == null) {
            podTemplate.setMetadata(new ObjectMeta());
        }
        podTemplate.getMetadata().setLabels(with(podTemplate.getMetadata().getLabels(), TEST_RUN_LABEL, testRunId));
        PodSpec pod = podTemplate.getSpec();
        lockDown(pod);

        Volume snapshot = pod.getVolumes() == null ? null : pod.getVolumes().stream()
                .filter(v -> v.getConfigMap() != null && SNAPSHOT_PLACEHOLDER.equals(v.getConfigMap().getName()))
                .findFirst().orElse(null);
        if (snapshot == null) {
            throw new IllegalArgumentException("the sandbox Job template has no configMap volume named "
                    + SNAPSHOT_PLACEHOLDER + " (the test run's snapshot is mounted from it)");
        }
        snapshot.getConfigMap().setName(snapshotConfigMap);

        Container tests = testsContainer(pod);
        tests.setCommand(List.of("sh", "-c", SCRIPT, "troupe-test-run"));
        tests.setArgs(List.copyOf(args));
        List<EnvVar> env = new ArrayList<>(tests.getEnv() == null ? List.of() : tests.getEnv());
        env.removeIf(e -> TIMEOUT_ENV.equals(e.getName()));
        env.add(new EnvVarBuilder().withName(TIMEOUT_ENV)
                .withValue(String.valueOf(Math.max(1, testTimeout.toSeconds())))
                .build());
        tests.setEnv(env);
        return job;
    }

    /** The template's {@code metadata.generateName}, which starts the name of every test Job. */
    public static String namePrefix(String templateYaml) {
        Job job = SERIALIZATION.unmarshal(templateYaml, Job.class);
        String prefix = job == null || job.getMetadata() == null ? null : job.getMetadata().getGenerateName();
        return prefix == null || prefix.isBlank() ? "troupe-test-run-" : prefix;
    }

    /** The container that runs the tests: the one named {@value #TESTS_CONTAINER}, else the first. */
    static Container testsContainer(PodSpec pod) {
        if (pod.getContainers() == null || pod.getContainers().isEmpty()) {
            throw new IllegalArgumentException("the sandbox Job template's pod has no container");
        }
        return pod.getContainers().stream().filter(c -> TESTS_CONTAINER.equals(c.getName())).findFirst()
                .orElse(pod.getContainers().getFirst());
    }

    private static void lockDown(PodSpec pod) {
        pod.setRestartPolicy("Never");
        pod.setAutomountServiceAccountToken(false);
        pod.setEnableServiceLinks(false);
        pod.setHostNetwork(false);
        pod.setHostPID(false);
        pod.setHostIPC(false);
        PodSecurityContext security = pod.getSecurityContext() == null ? new PodSecurityContext()
                : pod.getSecurityContext();
        security.setRunAsNonRoot(true);
        if (security.getRunAsUser() == null || security.getRunAsUser() == 0) {
            security.setRunAsUser(65534L);
        }
        if (security.getSeccompProfile() == null || !"Localhost".equals(security.getSeccompProfile().getType())) {
            security.setSeccompProfile(new SeccompProfileBuilder().withType("RuntimeDefault").build());
        }
        pod.setSecurityContext(security);
        List<Container> containers = new ArrayList<>(pod.getContainers() == null ? List.of() : pod.getContainers());
        if (pod.getInitContainers() != null) {
            containers.addAll(pod.getInitContainers());
        }
        for (Container container : containers) {
            SecurityContext c = container.getSecurityContext() == null ? new SecurityContext()
                    : container.getSecurityContext();
            c.setPrivileged(false);
            c.setAllowPrivilegeEscalation(false);
            c.setReadOnlyRootFilesystem(true);
            c.setCapabilities(new CapabilitiesBuilder().withDrop("ALL").build());
            container.setSecurityContext(c);
        }
    }

    private static Map<String, String> with(Map<String, String> map, String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(map == null ? Map.of() : map);
        copy.put(key, value);
        return copy;
    }
}
