package io.troupe.workspace.testrun;

import io.troupe.support.problem.ProblemException;
import io.troupe.workspace.WorkspacePath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Runs a test command on this machine: the snapshot is copied into a fresh temporary directory
 * (deleted afterwards) and the command runs there inside the {@link Sandbox}.
 */
public final class LocalTestRunner implements TestRunner {
    private static final Logger LOG = Logger.getLogger(LocalTestRunner.class);

    private final Sandbox sandbox;
    private final Duration timeout;
    private final int outputLimit;
    private final boolean pytestPluginAutoload;

    public LocalTestRunner(Sandbox sandbox, Duration timeout, int outputLimit, boolean pytestPluginAutoload) {
        this.sandbox = sandbox;
        this.timeout = timeout;
        this.outputLimit = outputLimit;
        this.pytestPluginAutoload = pytestPluginAutoload;
    }

    @Override
    public TestExecution run(String testRunId, String runId, List<String> command, Map<String, String> snapshot) {
        List<String> args = new ArrayList<>(command);
        Path root = null;
        try {
            root = Files.createTempDirectory("troupe-test-run-");
            Path work = Files.createDirectory(root.resolve("work"));
            write(work, snapshot);
            Path report = root.resolve("report.xml");
            if (CommandLine.isPytest(args)) {
                // The snapshot is thrown away afterwards, so pytest's cache would only cost time.
                args.addAll(List.of("--junitxml=" + report, "-p", "no:cacheprovider"));
            }
            LOG.infof("test run started runId=%s testRunId=%s files=%d command=%s", runId, testRunId, snapshot.size(),
                    args);
            Map<String, String> env = ProcessRunner.scrubbedEnvironment(System.getenv());
            if (!pytestPluginAutoload) {
                env.putIfAbsent("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1");
            }
            var outcome = sandbox.canStart(args.getFirst(), env)
                    ? ProcessRunner.run(sandbox.command(args, root, work, env), work, env, timeout, outputLimit)
                    : new ProcessRunner.Outcome(127, false, "cannot start " + args.getFirst()
                    + ": no such program in the sandbox (its PATH is the Python installation and /usr)", 0);
            return new TestExecution(outcome, JUnitReport.read(report));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the snapshot of run " + runId, e);
        } finally {
            deleteQuietly(root);
        }
    }

    private static void write(Path work, Map<String, String> snapshot) throws IOException {
        for (var file : snapshot.entrySet()) {
            Path target = WorkspacePath.of(file.getKey()).resolveIn(work);
            try {
                Files.createDirectories(target.getParent());
                Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
            } catch (java.nio.file.FileSystemException e) {
                throw new ProblemException(422, "snapshot-not-writable", "Snapshot not writable", "cannot place "
                        + file.getKey() + " in the test snapshot (" + e.getClass().getSimpleName()
                        + "); a path cannot be both a file and a directory");
            }
        }
    }

    private static void deleteQuietly(Path root) {
        if (root == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            LOG.warnf("could not delete test run directory %s: %s", root, e.getMessage());
        }
    }
}
