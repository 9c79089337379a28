package io.troupe.workspace.testrun.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.troupe.support.problem.ProblemException;
import io.troupe.workspace.testrun.Snapshot;
import io.troupe.workspace.testrun.TestRunner.TestExecution;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Test runs as Jobs against fabric8's mock API server in CRUD mode; the test plays the cluster:
 * it waits for the Job, gives it a pod that ended and a log, and marks the Job finished.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesTestRunnerTest {
    private static final String NAMESPACE = "troupe";
    private static final List<String> PYTEST = List.of("python3", "-m", "pytest", "-q");
    private static final String REPORT = """
            <?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest" errors="0" failures="1" \
            skipped="0" tests="3"><testcase classname="tests.test_calc" name="test_add"/><testcase \
            classname="tests.test_calc" name="test_sub"><failure message="assert 1 == 2"/></testcase><testcase \
            classname="tests.test_calc" name="test_mul"/></testsuite></testsuites>""";

    static KubernetesClient client;
    static KubernetesMockServer server;
    private KubernetesTestRunner runner;

    @BeforeEach
    void runner() throws IOException {
        client.batch().v1().jobs().inNamespace(NAMESPACE).delete();
        client.configMaps().inNamespace(NAMESPACE).delete();
        client.pods().inNamespace(NAMESPACE).delete();
        runner = new KubernetesTestRunner(client, NAMESPACE, template(), Duration.ofSeconds(60), 4096, 100_000,
                Duration.ofSeconds(30));
    }

    @Test
    void theJobRunsTheTestCommandOnTheSnapshotInALockedDownPod() throws Exception {
        // When
        CompletableFuture<TestExecution> run = start(Map.of("calc/ops.py", "def add(a, b):\n    return a + b\n",
                "tests/test_calc.py", "from calc.ops import add\n"), List.of("tests/test_calc.py"));

        // Then
        Job job = awaitJob();
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getContainers()).allSatisfy(c -> {
            assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
            assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
            assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
            assertThat(c.getResources().getLimits()).containsKeys("cpu", "memory");
        });
        assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(300L);
        assertThat(job.getSpec().getTtlSecondsAfterFinished()).isEqualTo(300);
        assertThat(job.getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/component", "sandbox");
        Container tests = SandboxJob.testsContainer(pod);
        assertThat(tests.getCommand()).startsWith("sh", "-c");
        assertThat(tests.getArgs()).containsExactly("python3", "-m", "pytest", "-q", "tests/test_calc.py",
                "--junitxml=" + SandboxJob.REPORT);
        String snapshotName = pod.getVolumes().stream().filter(v -> v.getConfigMap() != null).findFirst()
                .orElseThrow().getConfigMap().getName();
        ConfigMap snapshot = client.configMaps().inNamespace(NAMESPACE).withName(snapshotName).get();
        assertThat(untar(snapshot.getBinaryData().get(SandboxJob.SNAPSHOT_KEY))).containsOnlyKeys("calc/ops.py",
                "tests/test_calc.py").containsEntry("calc/ops.py", "def add(a, b):\n    return a + b\n");
        assertThat(snapshot.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getName()).isEqualTo(job.getMetadata().getName()));
        finish(job, 0, "1 passed\n", "<testsuite tests=\"1\" failures=\"0\" errors=\"0\"/>");
        run.get(30, TimeUnit.SECONDS);
    }

    @Test
    void theResultIsReadBackFromThePodsLogAndStatusAndTheJobIsDeleted() throws Exception {
        CompletableFuture<TestExecution> run = start(Map.of("tests/test_calc.py", "def test_add(): pass\n"), List.of());
        Job job = awaitJob();

        // When
        finish(job, 1, "..F\n=== 1 failed, 2 passed in 0.1s ===\n", REPORT);

        // Then
        TestExecution execution = run.get(30, TimeUnit.SECONDS);
        assertThat(execution.outcome().exitCode()).isEqualTo(1);
        assertThat(execution.outcome().timedOut()).isFalse();
        assertThat(execution.outcome().output()).isEqualTo("..F\n=== 1 failed, 2 passed in 0.1s ===\n");
        assertThat(execution.outcome().durationMillis()).isEqualTo(2_000);
        assertThat(execution.report()).hasValueSatisfying(r -> {
            assertThat(r.passed()).isEqualTo(2);
            assertThat(r.failed()).isEqualTo(1);
            assertThat(r.failedTests()).containsExactly("tests.test_calc::test_sub");
        });
        assertThat(client.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems()).isEmpty();
        assertThat(client.configMaps().inNamespace(NAMESPACE).list().getItems()).isEmpty();
    }

    @Test
    void aJobPastItsDeadlineIsATimedOutRun() throws Exception {
        CompletableFuture<TestExecution> run = start(Map.of("tests/test_hang.py", "while True: pass\n"), List.of());
        Job job = awaitJob();

        // When
        client.batch().v1().jobs().inNamespace(NAMESPACE).resource(new JobBuilder(job).withNewStatus()
                .addNewCondition().withType("Failed").withStatus("True").withReason("DeadlineExceeded")
                .withMessage("Job was active longer than specified deadline").endCondition().withFailed(1)
                .endStatus().build()).updateStatus();

        // Then
        TestExecution execution = run.get(30, TimeUnit.SECONDS);
        assertThat(execution.outcome().timedOut()).isTrue();
        assertThat(execution.outcome().output()).contains("DeadlineExceeded");
        assertThat(execution.report()).isEmpty();
        assertThat(client.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems()).isEmpty();
        assertThat(client.configMaps().inNamespace(NAMESPACE).list().getItems()).isEmpty();
    }

    @Test
    void aSnapshotTooLargeForAConfigMapIsRefusedBeforeAnyJob() {
        // Random text hardly compresses: 200 KB of it stay far above the 100 KB limit once gzipped.
        var random = new java.util.Random(7);
        Map<String, String> files = new HashMap<>();
        for (int i = 0; i < 50; i++) {
            byte[] noise = new byte[3000];
            random.nextBytes(noise);
            files.put("data/f" + i + ".txt", Base64.getEncoder().encodeToString(noise));
        }

        // When / Then
        assertThatThrownBy(() -> runner.run(UUID.randomUUID().toString(), PYTEST, Snapshot.of("run-1", files)))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(413);
                    assertThat(e.getMessage()).contains("snapshot-max-bytes");
                });
        assertThat(client.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems()).isEmpty();
    }

    @Test
    void aPathThatIsBothAFileAndADirectoryIsRefused() {
        // When / Then
        assertThatThrownBy(() -> runner.run(UUID.randomUUID().toString(), PYTEST,
                Snapshot.of("run-1", Map.of("calc", "x", "calc/ops.py", "y"))))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status()).isEqualTo(422));
    }

    private CompletableFuture<TestExecution> start(Map<String, String> files, List<String> paths) {
        List<String> args = new java.util.ArrayList<>(PYTEST);
        args.addAll(paths);
        return CompletableFuture.supplyAsync(() -> runner.run(UUID.randomUUID().toString(), args,
                Snapshot.of("run-1", files)));
    }

    /** The test run's Job, once its snapshot ConfigMap is owned by it (the runner then waits for its end). */
    private static Job awaitJob() {
        await().atMost(Duration.ofSeconds(20)).until(() -> client.configMaps().inNamespace(NAMESPACE).list()
                .getItems().stream().anyMatch(c -> c.getMetadata().getOwnerReferences() != null
                        && !c.getMetadata().getOwnerReferences().isEmpty()));
        return client.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems().getFirst();
    }

    /** What the cluster does: the pod ran and ended with {@code exitCode}, its log, the Job complete. */
    private static void finish(Job job, int exitCode, String output, String report) {
        String testRun = job.getMetadata().getLabels().get(SandboxJob.TEST_RUN_LABEL);
        String pod = job.getMetadata().getName() + "-x7k2p";
        client.pods().inNamespace(NAMESPACE).resource(new PodBuilder().withNewMetadata().withName(pod)
                .withNamespace(NAMESPACE).addToLabels(SandboxJob.TEST_RUN_LABEL, testRun).endMetadata()
                .withNewStatus().addNewContainerStatus().withName(SandboxJob.TESTS_CONTAINER).withNewState()
                .withNewTerminated().withExitCode(exitCode).withStartedAt("2026-11-25T12:00:00Z")
                .withFinishedAt("2026-11-25T12:00:02Z").endTerminated().endState().endContainerStatus().endStatus()
                .build()).create();
        String log = output + "\n" + SandboxJob.REPORT_BEGIN + "\n"
                + Base64.getMimeEncoder().encodeToString(report.getBytes(StandardCharsets.UTF_8)) + "\n"
                + SandboxJob.REPORT_END + "\n";
        server.expect().get().withPath("/api/v1/namespaces/" + NAMESPACE + "/pods/" + pod
                + "/log?pretty=false&container=" + SandboxJob.TESTS_CONTAINER).andReturn(200, log).always();
        client.batch().v1().jobs().inNamespace(NAMESPACE).resource(new JobBuilder(job).withNewStatus()
                .addNewCondition().withType(exitCode == 0 ? "Complete" : "Failed").withStatus("True")
                .withReason(exitCode == 0 ? null : "BackoffLimitExceeded").endCondition().endStatus().build())
                .updateStatus();
    }

    private static Map<String, String> untar(String base64) throws IOException {
        Map<String, String> files = new HashMap<>();
        try (var tar = new TarArchiveInputStream(new GZIPInputStream(
                new ByteArrayInputStream(Base64.getDecoder().decode(base64))))) {
            for (var entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                files.put(entry.getName(), new String(tar.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    private static String template() throws IOException {
        try (InputStream in = KubernetesTestRunnerTest.class.getResourceAsStream("sandbox-job.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
