package io.troupe.coordinator.suites;

import static org.assertj.core.api.Assertions.assertThat;

import io.troupe.protocol.suite.Suite;
import io.troupe.protocol.suite.SuiteVariants;
import io.troupe.protocol.suite.TaskSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The built-in suites load, have the intended shape, and their reference solutions pass their tests. */
class BuiltInSuitesTest {
    private static final Pattern IMPORT = Pattern.compile("^from (\\w+) import", Pattern.MULTILINE);
    private final SuiteCatalog catalog = new SuiteCatalog();

    /** Suite id, tasks, critical path length, p. */
    static Stream<Arguments> suites() {
        return Stream.of(
                Arguments.of("tiny", 5, 3, 0.4),
                Arguments.of("numlib-p09", 20, 2, 0.9),
                Arguments.of("numlib-p05", 20, 10, 0.5),
                Arguments.of("numlib-p02", 20, 16, 0.2),
                Arguments.of("textkit-p09", 20, 2, 0.9),
                Arguments.of("textkit-p05", 20, 10, 0.5),
                Arguments.of("textkit-p02", 20, 16, 0.2),
                Arguments.of("geosvg-p09", 20, 2, 0.9),
                Arguments.of("geosvg-p05", 20, 10, 0.5),
                Arguments.of("geosvg-p02", 20, 16, 0.2));
    }

    static Stream<String> ids() {
        return suites().map(a -> (String) a.get()[0]);
    }

    @Test
    void everyBuiltInSuiteIsCovered() {
        assertThat(suites().map(a -> (String) a.get()[0])).containsExactlyElementsOf(SuiteCatalog.BUILT_IN);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("suites")
    void hasTheIntendedParallelism(String id, int tasks, int criticalPath, double p) {
        Suite suite = catalog.get(id);

        assertThat(suite.dag().size()).isEqualTo(tasks);
        assertThat(suite.dag().criticalPath()).hasSize(criticalPath);
        assertThat(suite.dag().parallelFraction()).isCloseTo(p, Offset.offset(1e-9));
        assertThat(suite.dag().makespanLowerBound(1)).isEqualTo(tasks);
        assertThat(suite.dag().makespanLowerBound(tasks)).isEqualTo(criticalPath);
        assertThat(suite.manifest().language()).isEqualTo("python");
        assertThat(suite.manifest().testCommand()).isEqualTo("python3 -m pytest -q");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ids")
    void everyTaskHasTestsAndDependentTasksUseTheirDependencies(String id) {
        Suite suite = catalog.get(id);
        Map<String, TaskSpec> byId = new java.util.HashMap<>();
        suite.manifest().tasks().forEach(t -> byId.put(t.id(), t));

        for (TaskSpec task : suite.manifest().tasks()) {
            assertThat(task.tests()).as(task.id()).isNotEmpty();
            String code = String.join("\n", suite.solutions().get(task.id()).values());
            List<String> imported = IMPORT.matcher(code).results().map(m -> m.group(1) + ".py").toList();
            for (String dep : task.dependencies()) {
                assertThat(imported).as("%s imports a module of its dependency %s", task.id(), dep)
                        .containsAnyElementsOf(byId.get(dep).files());
            }
        }
    }

    /**
     * A project's directory holds what its levels are made of and nothing else: every task of its pool,
     * every test file and every solution is part of at least one level.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("projects")
    void everyFileOfAProjectIsPartOfOneOfItsLevels(String project) throws IOException {
        Path dir = Path.of("src", "main", "resources", SuiteCatalog.ROOT, project);
        Set<String> read = new TreeSet<>();
        for (String level : SuiteCatalog.LEVELS) {
            SuiteVariants.load(project, level, path -> {
                Path file = dir.resolve(path);
                if (!Files.isRegularFile(file)) {
                    return Optional.empty();
                }
                read.add(path);
                try {
                    return Optional.of(Files.readString(file));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }

        Set<String> present = new TreeSet<>();
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(Files::isRegularFile).forEach(f -> present.add(dir.relativize(f).toString()
                    .replace('\\', '/')));
        }
        assertThat(read).isEqualTo(present);
    }

    static Stream<String> projects() {
        return SuiteCatalog.PROJECTS.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ids")
    void referenceSolutionsPassTheSuitesTests(String id, @TempDir Path dir) throws Exception {
        // Given a workspace with every test and every reference solution
        Suite suite = catalog.get(id);
        write(dir, suite.tests());
        suite.solutions().values().forEach(files -> write(dir, files));

        // When the suite's test command runs
        Result result = pytest(dir);

        // Then every test passes, and there are tests for every task
        assertThat(result.exitCode()).as(result.output()).isZero();
        Matcher passed = Pattern.compile("(\\d+) passed").matcher(result.output());
        assertThat(passed.find()).as(result.output()).isTrue();
        assertThat(Integer.parseInt(passed.group(1))).isGreaterThanOrEqualTo(suite.dag().size());
    }

    @Test
    void tinyIsFiveTasksWithACriticalPathOfThree() {
        Suite tiny = catalog.get("tiny");

        assertThat(tiny.manifest().tasks()).extracting(TaskSpec::id).containsExactly("t1", "t2", "t3", "t4", "t5");
        assertThat(tiny.dag().criticalPath()).hasSize(3).startsWith("t1").endsWith("t5");
        assertThat(tiny.tests().keySet()).containsExactlyInAnyOrder("tests/conftest.py", "tests/test_core.py",
                "tests/test_spread.py", "tests/test_scale.py", "tests/test_text.py", "tests/test_report.py");
    }

    @Test
    void testsFailWithoutTheSolutionTheyCheck(@TempDir Path dir) throws Exception {
        // Given every test and every solution of numlib-p02 but that of its middle task "fitted"
        Suite suite = catalog.get("numlib-p02");
        write(dir, suite.tests());
        suite.solutions().forEach((task, files) -> {
            if (!task.equals("fitted")) {
                write(dir, files);
            }
        });

        // When the suite's test command runs
        Result result = pytest(dir);

        // Then the run fails, on the tests of that task and of the tasks built on it
        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(result.output()).contains("tests/test_fitted.py", "tests/test_forecast_table.py")
                .doesNotContain("tests/test_linear_fit.py");
    }

    private static void write(Path dir, Map<String, String> files) {
        files.forEach((path, content) -> {
            try {
                Path file = dir.resolve(path);
                Files.createDirectories(file.getParent());
                Files.writeString(file, content);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
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
