package io.troupe.workspace.testrun;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessRunnerTest {
    @TempDir
    Path dir;

    @Test
    void theEnvironmentKeepsOnlyPathHomeLangAndPythonWithoutSecrets() {
        var env = ProcessRunner.scrubbedEnvironment(Map.of(
                "PATH", "/usr/bin", "HOME", "/home/a", "LANG", "C.UTF-8", "PYTHONPATH", "/lib",
                "PYTHON_API_KEY", "k", "PYTHONTOKEN", "t", "OPENAI_API_KEY", "s", "HTTPS_PROXY", "p",
                "AWS_SECRET_ACCESS_KEY", "x", "USER", "a"));

        assertThat(env).containsOnlyKeys("PATH", "HOME", "LANG", "PYTHONPATH");
    }

    @Test
    void outputIsCappedToItsTail() {
        var outcome = ProcessRunner.run(List.of("sh", "-c", "i=0; while [ $i -lt 2000 ]; do echo line$i; "
                + "i=$((i+1)); done"), dir, ProcessRunner.scrubbedEnvironment(System.getenv()), Duration.ofSeconds(30),
                100);

        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.output()).startsWith("[").contains("earlier bytes of output dropped").endsWith("line1999\n");
    }

    @Test
    void aCommandThatCannotStartEndsWith127() {
        var outcome = ProcessRunner.run(List.of("/nonexistent/troupe-test"), dir, Map.of(),
                Duration.ofSeconds(5), 1000);

        assertThat(outcome.exitCode()).isEqualTo(127);
        assertThat(outcome.output()).contains("/nonexistent/troupe-test");
    }
}
