package io.troupe.workspace.testrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.troupe.protocol.problem.ProblemType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How troupe.workspace.sandbox is read, and what a host without bubblewrap gets. */
class SandboxChoiceTest {
    private static final Sandbox.Limits LIMITS = new Sandbox.Limits(64, 1L << 30, Duration.ofSeconds(10), 1 << 20);

    @Test
    void everyKindIsReadByItsCode() {
        for (SandboxKind kind : SandboxKind.values()) {
            assertThat(SandboxKind.parse(" " + kind.code().toUpperCase() + " ")).isEqualTo(kind);
        }
        assertThat(SandboxKind.parse(null)).isEqualTo(SandboxKind.AUTO);
    }

    @Test
    void theFormerNoneDoesNotOptOutSilently() {
        assertThatThrownBy(() -> SandboxKind.parse("none")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'trusted'");
        assertThatThrownBy(() -> SandboxKind.parse("off"))
                .hasMessageContaining("auto, bwrap, kubernetes, docker, trusted");
    }

    @Test
    void aHostWithoutBubblewrapGetsARefusalThatSaysHowToInstallIt() {
        // Given: a PATH without bwrap
        var found = Sandbox.bubblewrap(Map.of("PATH", "/nonexistent-troupe"), LIMITS);

        // When
        var refusal = found instanceof Sandbox.Found.Missing missing
                ? new NoSandbox(missing.remedy()).refusal("run-1") : null;

        // Then
        assertThat(refusal).isNotNull();
        assertThat(refusal.status()).isEqualTo(503);
        assertThat(refusal.type()).isEqualTo(ProblemType.SANDBOX_UNAVAILABLE);
        assertThat(refusal.getMessage()).contains("apt-get install bubblewrap", "troupe.workspace.sandbox=trusted");
        assertThat(refusal.extensions()).containsKey("remedy");
    }

    @Test
    void theNoSandboxRunnerRunsNothing() {
        NoSandbox none = new NoSandbox("install bubblewrap");
        assertThat(none.sandbox()).isEqualTo("unavailable");
        assertThatThrownBy(() -> none.run("t", List.of("true"), Snapshot.of("run-1", Map.of())))
                .hasMessageContaining("run-1");
    }

    @Test
    void theBubblewrapCommandDropsToNobodyWithLimitsBeforeTheTestCommand() {
        // Given: bubblewrap, where installed (CI installs it)
        var found = Sandbox.bubblewrap(Map.of("PATH", "/usr/bin:/bin"), LIMITS);
        assertThat(found).as("bubblewrap is needed (apt-get install bubblewrap)")
                .isInstanceOf(Sandbox.Found.Available.class);
        Sandbox sandbox = ((Sandbox.Found.Available) found).sandbox();

        // When
        List<String> command = sandbox.command(List.of("python3", "-m", "pytest"), Path.of("/tmp/t"),
                Path.of("/tmp/t/work"), Map.of("PATH", "/usr/bin"));

        // Then: the limits come last before the command, after the switch to uid 65534
        int prlimit = command.indexOf(command.stream().filter(a -> a.endsWith("prlimit")).findFirst().orElseThrow());
        assertThat(command.subList(prlimit, command.size())).containsSequence("--nproc=64", "--as=1073741824",
                "--cpu=10", "--fsize=1048576", "--core=0", "--", "python3", "-m", "pytest");
        assertThat(command).contains("--die-with-parent", "--new-session");
        assertThat(command.contains("--unshare-all") || command.containsAll(List.of("--unshare-pid", "--unshare-net",
                "--unshare-ipc"))).as("new pid and network namespaces: %s", command).isTrue();
        assertThat(String.join(" ", command)).contains("65534").doesNotContain("/etc/shadow");
        assertThat(sandbox.name()).isEqualTo("bwrap");
    }
}
