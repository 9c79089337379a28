package io.troupe.workspace.testrun;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.troupe.workspace.config.WorkspaceConfig;
import io.troupe.workspace.testrun.docker.DockerTestRunner;
import io.troupe.workspace.testrun.kubernetes.KubernetesTestRunner;
import jakarta.enterprise.inject.Instance;
import java.nio.file.Path;
import java.util.Map;
import org.jboss.logging.Logger;

/** Makes the {@link TestRunner} troupe.workspace.sandbox asks for. */
public final class TestRunners {
    private static final Logger LOG = Logger.getLogger(TestRunners.class);

    private TestRunners() {
    }

    /**
     * The runner of {@code kind}: {@code kubernetes} creates the Kubernetes client only then; {@code bwrap}
     * fails here (at start) without bubblewrap; {@code auto} without it refuses every test run.
     */
    public static TestRunner create(WorkspaceConfig config, Instance<KubernetesClient> kubernetes,
                                    Map<String, String> hostEnv) {
        var settings = config.workspace();
        SandboxKind kind = SandboxKind.parse(settings.sandbox());
        return switch (kind) {
            case KUBERNETES -> KubernetesTestRunner.create(kubernetes.get(), settings.kubernetes(),
                    settings.testTimeout(), settings.testOutputBytes());
            case DOCKER -> DockerTestRunner.create(settings.docker(), settings.testTimeout(),
                    settings.testOutputBytes(), settings.pytestPluginAutoload());
            case TRUSTED -> {
                LOG.warn("*** troupe.workspace.sandbox=trusted: test commands run WITHOUT A SANDBOX, as this "
                        + "service's user, with its network and its files. Only for code you trust (a sweep's "
                        + "reference solutions), never for code a model wrote. ***");
                yield local(config, Sandbox.trusted());
            }
            case BWRAP, AUTO -> switch (Sandbox.bubblewrap(hostEnv, limits(config))) {
                case Sandbox.Found.Available available -> local(config, available.sandbox());
                case Sandbox.Found.Missing missing when kind == SandboxKind.BWRAP ->
                        throw new IllegalStateException("troupe.workspace.sandbox=bwrap, but " + missing.remedy());
                case Sandbox.Found.Missing missing -> {
                    LOG.error("*** no sandbox for test runs: " + missing.remedy() + ". Every test run is refused "
                            + "(503) until then. ***");
                    yield new NoSandbox(missing.remedy());
                }
            };
        };
    }

    static Sandbox.Limits limits(WorkspaceConfig config) {
        var limits = config.workspace().limits();
        return new Sandbox.Limits(limits.processes(), limits.addressSpaceBytes(),
                limits.cpuTime().orElse(config.workspace().testTimeout()), limits.fileBytes());
    }

    private static LocalTestRunner local(WorkspaceConfig config, Sandbox sandbox) {
        var settings = config.workspace();
        SnapshotTrees trees = settings.testRunDir().map(dir -> SnapshotTrees.under(Path.of(dir)))
                .orElseGet(SnapshotTrees::inTemporaryDirectory);
        return new LocalTestRunner(sandbox, trees, settings.testTimeout(), settings.testOutputBytes(),
                settings.pytestPluginAutoload(), settings.pytestForkServer());
    }
}
