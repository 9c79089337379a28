package io.troupe.workspace.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Everything the workspace service can be told. */
@ConfigMapping(prefix = "troupe")
public interface WorkspaceConfig {

    /** Directory of the embedded PostgreSQL when no server is configured (read by WorkspaceMain). */
    @WithDefault(".troupe/data")
    String dataDir();

    /** Pid of the launcher; the service stops when it is gone (see ParentWatch). */
    Optional<Long> parentPid();

    /**
     * How long the outbox relay waits for the broker to acknowledge a batch of events before it sends
     * the batch again (no request waits for the broker).
     */
    @WithDefault("10s")
    Duration publishTimeout();

    /** The coordinator, which the workspace asks for a run's team (who may write). */
    @WithDefault("http://localhost:8081")
    String coordinatorUrl();

    Files workspace();

    interface Files {
        /** Largest content one write may carry, in UTF-8 bytes; larger writes get 413. */
        @WithDefault("1048576")
        int maxFileBytes();

        /** Live files one run may have; a write that would add one more gets 409. */
        @WithDefault("1000")
        int maxFiles();

        /** Two agents writing one path within this window are recorded as a concurrent write. */
        @WithDefault("2s")
        Duration concurrentWindow();

        /**
         * How test commands are isolated: {@code auto} (bubblewrap where it is installed; where it is not,
         * test runs are refused with a 503 problem saying how to install it), {@code bwrap} (bubblewrap,
         * required at start), {@code kubernetes} (each test run a Job in a locked-down pod; see
         * {@link #kubernetes()}), or {@code trusted}: the explicit opt-out, plain processes of this
         * service's user with its network and files, only for code the operator trusts (a sweep's
         * reference solutions); it is logged as a warning at start and named in every result.
         */
        @WithDefault("auto")
        String sandbox();

        /** Limits of every process of a bubblewrap test run (rlimits). */
        SandboxLimits limits();

        /**
         * Directory in which a fresh directory (deleted at stop) keeps the test runs' trees and the files
         * they link to; {@code /dev/shm} (else java.io.tmpdir) when unset. Only the service's user may
         * read what it makes there.
         */
        Optional<String> testRunDir();

        /** Test command of a workspace created without one. */
        @WithDefault("python3 -m pytest -q")
        String defaultTestCommand();

        /** Time limit of one test run; at the limit the whole process tree is killed. */
        @WithDefault("120s")
        Duration testTimeout();

        /** How much of a test run's output is kept (its tail), in bytes. */
        @WithDefault("65536")
        int testOutputBytes();

        /**
         * Whether pytest loads every plugin installed on this host (its entry points). Off by default:
         * a suite's tests then do not depend on what happens to be installed, and a test run costs a
         * quarter of the CPU (loading installed plugins took ~0.8 s per run here). A suite that needs a
         * plugin names it in its test command ({@code python3 -m pytest -p xdist}).
         */
        @WithDefault("false")
        boolean pytestPluginAutoload();

        /**
         * Whether a {@code python3 -m pytest} test run is a child forked from one warm Python process
         * that has imported pytest already, instead of a new interpreter: ~0.05 s of CPU per run instead
         * of ~0.26 s (PytestForkServerBenchmark), and test runs are what bounds a sweep on a small
         * machine. Each run is a fresh fork, so no state passes between runs. Not used with bubblewrap (a
         * forked child cannot get a sandbox of its own), for any other command, or when
         * {@code python3}/{@code python} on PATH is another interpreter than the server's; if the server
         * cannot start, each run is a subprocess.
         */
        @WithDefault("true")
        boolean pytestForkServer();

        /** Test runs executed at once; further requests wait for a slot. */
        @WithDefault("2")
        int maxConcurrentTestRuns();

        /**
         * Test runs of one run that may wait for a slot; one more is refused with 429 and Retry-After.
         * Above a team's size (an agent waits for its own test run), so only a flood reaches it.
         */
        @WithDefault("32")
        int maxQueuedTestRunsPerRun();

        /** Test runs as Kubernetes Jobs, with {@code troupe.workspace.sandbox=kubernetes}. */
        Kubernetes kubernetes();

        /** Test runs as containers, with {@code troupe.workspace.sandbox=docker}. */
        io.troupe.workspace.testrun.docker.DockerTestRunner.Settings docker();
    }

    /** Limits of a bubblewrap test run, under {@code troupe.workspace.limits.*}. */
    interface SandboxLimits {
        /**
         * Processes (RLIMIT_NPROC); with the service running as root they are counted for the host's
         * nobody, so over every test run at once.
         */
        @WithDefault("256")
        int processes();

        /** Address space of each process (RLIMIT_AS), in bytes: a larger allocation fails. */
        @WithDefault("2147483648")
        long addressSpaceBytes();

        /** CPU time of each process (RLIMIT_CPU); troupe.workspace.test-timeout when unset. */
        Optional<Duration> cpuTime();

        /** Largest file a process may write (RLIMIT_FSIZE), in bytes. */
        @WithDefault("67108864")
        long fileBytes();
    }

    /** Test runs as Kubernetes Jobs, under {@code troupe.workspace.kubernetes.*}. */
    interface Kubernetes {
        /**
         * The Job (YAML) every test run starts from; the Helm chart mounts its
         * {@code <release>-sandbox-job} ConfigMap here.
         */
        @WithDefault("/etc/troupe/sandbox/job.yaml")
        String jobTemplate();

        /** Namespace of the test Jobs; the workspace's own (from its service account) when unset. */
        Optional<String> namespace();

        /**
         * Largest gzipped snapshot handed to a test Job, in bytes; it travels in a ConfigMap, which
         * holds at most 1 MiB. A larger snapshot is refused with 413.
         */
        @WithDefault("1000000")
        int snapshotMaxBytes();

        /** How long after the Job's activeDeadlineSeconds the workspace still waits for it to end. */
        @WithDefault("60s")
        Duration deadlineMargin();
    }
}
