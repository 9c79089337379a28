package io.troupe.workspace.testrun.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.troupe.protocol.problem.ProblemType;
import io.troupe.support.problem.ProblemException;
import io.troupe.workspace.config.WorkspaceConfig;
import io.troupe.workspace.testrun.CommandLine;
import io.troupe.workspace.testrun.JUnitReport;
import io.troupe.workspace.testrun.ProcessRunner.Outcome;
import io.troupe.workspace.testrun.Snapshot;
import io.troupe.workspace.testrun.TestRunner;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs each test run as a Kubernetes Job (troupe.workspace.sandbox=kubernetes): the snapshot goes
 * to the pod as a gzipped tar in a ConfigMap (the pod has no network), the Job is made from the
 * chart's sandbox template by {@link SandboxJob}, its end is awaited, the output and the JUnit XML
 * report are read back from the pod's log and the exit code from the pod's status; then the Job
 * (with its pod) and the ConfigMap are deleted. The ConfigMap is owned by the Job, so that if this
 * service dies mid-run the Job's TTL removes both.
 */
public final class KubernetesTestRunner implements TestRunner {
    /** The troupe.workspace.sandbox value that selects this runner. */
    public static final String SANDBOX = "kubernetes";
    private static final Logger LOG = Logger.getLogger(KubernetesTestRunner.class);
    private static final int DELETE_ATTEMPTS = 3;
    private static final String PERMISSIONS = "the workspace's service account needs create, get, delete on jobs; "
            + "create, get, patch, delete on configmaps; list on pods; get on pods/log";

    private final KubernetesClient client;
    private final String namespace;
    private final String template;
    private final Duration testTimeout;
    private final int outputLimit;
    private final int snapshotMaxBytes;
    private final Duration wait;
    private final String namePrefix;

    KubernetesTestRunner(KubernetesClient client, String namespace, String template, Duration testTimeout,
                         int outputLimit, int snapshotMaxBytes, Duration deadlineMargin) {
        this.client = client;
        this.namespace = namespace;
        this.template = template;
        this.testTimeout = testTimeout;
        this.outputLimit = outputLimit;
        this.snapshotMaxBytes = snapshotMaxBytes;
        // Fails at start-up, not at the first test run, if the template is unusable.
        Job sample = SandboxJob.build(template, "check", namespace, "check", "check", "check", List.of("true"),
                testTimeout);
        this.wait = Duration.ofSeconds(sample.getSpec().getActiveDeadlineSeconds()).plus(deadlineMargin);
        this.namePrefix = SandboxJob.namePrefix(template);
    }

    /** The runner the workspace's configuration asks for; reads the Job template file. */
    public static KubernetesTestRunner create(KubernetesClient client, WorkspaceConfig.Kubernetes config,
                                              Duration testTimeout, int outputLimit) {
        Path file = Path.of(config.jobTemplate());
        String template;
        try {
            template = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("troupe.workspace.sandbox=kubernetes needs the sandbox Job template at "
                    + file + " (troupe.workspace.kubernetes.job-template); the Helm chart mounts its "
                    + "<release>-sandbox-job ConfigMap there", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sandbox Job template " + file, e);
        }
        String namespace = config.namespace().orElseGet(client::getNamespace);
        LOG.infof("test runs are Kubernetes Jobs in namespace %s, from the template %s", namespace, file);
        return new KubernetesTestRunner(client, namespace, template, testTimeout, outputLimit,
                config.snapshotMaxBytes(), config.deadlineMargin());
    }

    @Override
    public String sandbox() {
        return SANDBOX;
    }

    @Override
    public TestExecution run(String testRunId, List<String> command, Snapshot heads) {
        String runId = heads.runId();
        Map<String, String> snapshot = heads.contents();
        List<String> args = new ArrayList<>(command);
        if (CommandLine.isPytest(args)) {
            args.add("--junitxml=" + SandboxJob.REPORT);
        }
        byte[] archive = SnapshotArchive.tarGz(snapshot);
        if (archive.length > snapshotMaxBytes) {
            throw new ProblemException(ProblemType.SNAPSHOT_TOO_LARGE, "the files of run " + runId + " make a "
                            + "snapshot of " + archive.length + " bytes (gzipped); a test "
                            + "Job takes at most " + snapshotMaxBytes + " (troupe.workspace.kubernetes."
                            + "snapshot-max-bytes; a ConfigMap holds at most 1 MiB): delete files the tests do "
                            + "not need");
        }
        String name = jobName(namePrefix, testRunId);
        long start = System.nanoTime();
        try {
            ConfigMap files = client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder()
                    .withNewMetadata().withName(name).withNamespace(namespace)
                    .addToLabels(SandboxJob.TEST_RUN_LABEL, testRunId).endMetadata()
                    .addToBinaryData(SandboxJob.SNAPSHOT_KEY, Base64.getEncoder().encodeToString(archive))
                    .build()).create();
            Job job = client.batch().v1().jobs().inNamespace(namespace).resource(SandboxJob.build(template, name,
                    namespace, files.getMetadata().getName(), testRunId, runId, args, testTimeout)).create();
            ownedBy(name, job);
            LOG.infof("test run started runId=%s testRunId=%s job=%s/%s files=%d snapshotBytes=%d command=%s", runId,
                    testRunId, namespace, name, snapshot.size(), archive.length, args);
            Job ended = awaitEnd(name);
            return execution(name, testRunId, ended, start);
        } catch (KubernetesClientException e) {
            throw new ProblemException(ProblemType.TEST_SANDBOX_UNAVAILABLE, "cannot run the tests of run " + runId
                            + " as a Kubernetes Job in namespace " + namespace + ": "
                            + describe(e) + " (" + PERMISSIONS + ")");
        } finally {
            delete(name);
        }
    }

    /** fabric8's message, and its cause's (a refused connection says only "An error has occurred."). */
    private static String describe(KubernetesClientException e) {
        Throwable cause = e.getCause();
        return e.getMessage() + (cause == null || cause.getMessage() == null ? "" : " " + cause.getMessage());
    }

    /**
     * The template's generateName and the test run's id, at most 63 characters (the Job's pods
     * carry its name in a label).
     */
    static String jobName(String prefix, String testRunId) {
        String id = testRunId.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]", "");
        id = id.substring(0, Math.min(id.length(), 20));
        String start = prefix.substring(0, Math.min(prefix.length(), 63 - id.length()));
        return start + id;
    }

    /** The ConfigMap goes with its Job (garbage collection), should this service not delete it. */
    private void ownedBy(String name, Job job) {
        try {
            client.configMaps().inNamespace(namespace).withName(name).edit(c -> new ConfigMapBuilder(c)
                    .editMetadata().addToOwnerReferences(new OwnerReferenceBuilder().withApiVersion("batch/v1")
                            .withKind("Job").withName(name).withUid(job.getMetadata().getUid()).build())
                    .endMetadata().build());
        } catch (KubernetesClientException e) {
            LOG.warnf("cannot make job %s the owner of its snapshot configmap (it is deleted after the run "
                    + "anyway): %s", name, e.getMessage());
        }
    }

    /** The ended Job; a Job whose pod was never scheduled still ends, at its activeDeadlineSeconds. */
    private Job awaitEnd(String name) {
        try {
            Job job = client.batch().v1().jobs().inNamespace(namespace).withName(name)
                    .waitUntilCondition(j -> j == null || ended(j), wait.toMillis(), TimeUnit.MILLISECONDS);
            if (job == null) {
                throw new KubernetesClientException("test job " + name + " was deleted before it ended");
            }
            return job;
        } catch (KubernetesClientTimeoutException e) {
            return null;
        }
    }

    private static boolean ended(Job job) {
        return condition(job, "Complete").isPresent() || condition(job, "Failed").isPresent();
    }

    private static Optional<JobCondition> condition(Job job, String type) {
        if (job.getStatus() == null || job.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return job.getStatus().getConditions().stream()
                .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus())).findFirst();
    }

    private TestExecution execution(String name, String testRunId, Job job, long start) {
        long wallMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        if (job == null) {
            return new TestExecution(new Outcome(-1, true, "the test Job " + name + " did not end within "
                    + wait.toSeconds() + " s (its activeDeadlineSeconds and troupe.workspace.kubernetes."
                    + "deadline-margin)", wallMillis), Optional.empty());
        }
        Optional<JobCondition> failed = condition(job, "Failed");
        boolean deadline = failed.map(c -> "DeadlineExceeded".equals(c.getReason())).orElse(false);
        Optional<Pod> pod = client.pods().inNamespace(namespace).withLabel(SandboxJob.TEST_RUN_LABEL, testRunId)
                .list().getItems().stream()
                .max(Comparator.comparing(p -> p.getMetadata().getCreationTimestamp() == null ? ""
                        : p.getMetadata().getCreationTimestamp()));
        Optional<ContainerStatus> tests = pod.flatMap(KubernetesTestRunner::testsStatus);
        var terminated = tests.map(s -> s.getState() == null ? null : s.getState().getTerminated());
        if (terminated.isEmpty()) {
            String why = failed.map(c -> c.getReason() + ": " + c.getMessage()).orElse("no pod ran")
                    + tests.map(KubernetesTestRunner::waiting).orElse("");
            return new TestExecution(new Outcome(deadline ? -1 : 127, deadline, "the test Job " + name
                    + " ended without running the tests (" + why + ")", wallMillis), Optional.empty());
        }
        int exitCode = terminated.get().getExitCode();
        boolean oom = "OOMKilled".equals(terminated.get().getReason());
        boolean timedOut = deadline || exitCode == 124 || (exitCode == 137 && !oom);
        long millis = duration(terminated.get().getStartedAt(), terminated.get().getFinishedAt()).orElse(wallMillis);
        PodLog log = log(pod.get().getMetadata().getName());
        String output = log.output() + (oom ? "\n[the test pod ran out of memory: raise sandbox.resources.limits"
                + ".memory in the chart's values]" : "") + (timedOut ? "\n[stopped at the time limit of "
                + testTimeout.toSeconds() + " s]" : "");
        Optional<JUnitReport> report = log.report().flatMap(JUnitReport::parse);
        return new TestExecution(new Outcome(exitCode, timedOut, output, millis), report);
    }

    private static Optional<ContainerStatus> testsStatus(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return Optional.empty();
        }
        var statuses = pod.getStatus().getContainerStatuses();
        return statuses.stream().filter(s -> SandboxJob.TESTS_CONTAINER.equals(s.getName())).findFirst()
                .or(() -> statuses.stream().findFirst());
    }

    private static String waiting(ContainerStatus status) {
        var state = status.getState();
        if (state == null || state.getWaiting() == null) {
            return "";
        }
        return "; container " + status.getName() + " waiting: " + state.getWaiting().getReason()
                + (state.getWaiting().getMessage() == null ? "" : " " + state.getWaiting().getMessage());
    }

    private PodLog log(String pod) {
        try (InputStream in = client.pods().inNamespace(namespace).withName(pod)
                .inContainer(SandboxJob.TESTS_CONTAINER).getLogInputStream()) {
            return PodLog.read(in, outputLimit);
        } catch (IOException | KubernetesClientException e) {
            LOG.warnf("cannot read the log of test pod %s: %s", pod, e.getMessage());
            return new PodLog("[the log of test pod " + pod + " could not be read: " + e.getMessage() + "]",
                    Optional.empty());
        }
    }

    private static Optional<Long> duration(String startedAt, String finishedAt) {
        try {
            return Optional.of(Duration.between(Instant.parse(startedAt), Instant.parse(finishedAt)).toMillis());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Deletes the Job (with its pod) and its ConfigMap, trying again when the API connection drops
     * (a pooled connection closed under the request was seen); the Job's TTL is the last resort.
     */
    private void delete(String name) {
        for (int attempt = 1; ; attempt++) {
            try {
                client.batch().v1().jobs().inNamespace(namespace).withName(name)
                        .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
                client.configMaps().inNamespace(namespace).withName(name).delete();
                return;
            } catch (KubernetesClientException e) {
                if (attempt < DELETE_ATTEMPTS) {
                    continue;
                }
                LOG.warnf("cannot delete test job %s and its configmap (its ttlSecondsAfterFinished removes them): %s",
                        name, e.getMessage());
                return;
            }
        }
    }
}
