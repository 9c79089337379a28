package io.troupe.coordinator.suites;

import static org.assertj.core.api.Assertions.assertThat;

import io.troupe.protocol.suite.Suite;
import io.troupe.protocol.suite.TaskSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in suite loads, has the intended shape, and its reference solutions pass its tests. */
class TinySuiteTest {
    private final SuiteCatalog catalog = new SuiteCatalog();

    @Test
    void tinyHasFiveTasksWithACriticalPathOfThree() {
        Suite tiny = catalog.get("tiny");

        assertThat(tiny.manifest().tasks()).extracting(TaskSpec::id).containsExactly("t1", "t2", "t3", "t4", "t5");
        assertThat(tiny.dag().criticalPath()).hasSize(3).startsWith("t1").endsWith("t5");
        assertThat(tiny.dag().parallelFraction()).isEqualTo(0.4, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(tiny.manifest().testCommand()).isEqualTo("python3 -m pytest -q");
    }

    @Test
    void everyTestFileUnderTestsIsPartOfTheSuite() {
        assertThat(catalog.get("tiny").tests().keySet()).containsExactlyInAnyOrder("tests/conftest.py",
                "tests/test_core.py", "tests/test_spread.py", "tests/test_scale.py", "tests/test_text.py",
                "tests/test_report.py");
    }

    @Test
    void referenceSolutionsPassTheSuitesTests(@TempDir Path dir) throws Exception {
        // Given a workspace with every test and every reference solution
        Suite tiny = catalog.get("tiny");
        write(dir, tiny.tests());
        tiny.solutions().values().forEach(files -> write(dir, files));

        // When the suite's test command runs
        Result result = pytest(dir);

        // Then every test passes
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("21 passed");
    }

    @Test
    void testsFailWithoutTheSolutionTheyCheck(@TempDir Path dir) throws Exception {
        // Given every test and every solution but t4's
        Suite tiny = catalog.get("tiny");
        write(dir, tiny.tests());
        tiny.solutions().forEach((task, files) -> {
            if (!task.equals("t4")) {
                write(dir, files);
            }
        });

        // When the suite's test command runs
        Result result = pytest(dir);

        // Then the run fails, on t4's test file
        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(result.output()).contains("tests/test_text.py");
    }

    private static void write(Path dir, Map<String, String> files) {
        files.forEach((path, content) -> {
            try {
                Path file = dir.resolve(path);
                Files.createDirectories(file.getParent());
                Files.writeString(file, content);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private static Result pytest(Path dir) throws Exception {
        Process p = new ProcessBuilder(List.of("python3", "-m", "pytest", "-q", "-p", "no:cacheprovider"))
                .directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), output);
    }

    private record Result(int exitCode, String output) {
    }
}
