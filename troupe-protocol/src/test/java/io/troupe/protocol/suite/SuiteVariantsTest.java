package io.troupe.protocol.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SuiteVariantsTest {

    private static final String POOL = """
            language: python
            testCommand: python3 -m pytest -q
            tasks:
              - id: a
                title: A
                description: Write a.py.
                files: [a.py]
                tests: [tests/conftest.py, tests/test_a.py]
              - id: b
                title: B
                description: Write b.py.
                files: [b.py]
                tests: [tests/test_b.py]
              - id: c
                title: C
                description: Write c.py.
                files: [c.py]
                tests: [tests/test_c.py]
            """;

    private static final String WIDE = """
            id: demo-wide
            title: Demo, wide
            description: Three independent tasks.
            tasks:
              - {id: c, dependencies: []}
              - {id: a, dependencies: []}
              - {id: b, dependencies: []}
            """;

    // b builds on a at this level only: its description and its solution say so.
    private static final String DEEP = """
            id: demo-deep
            title: Demo, deep
            description: A chain of two.
            tasks:
              - {id: a, dependencies: []}
              - id: b
                dependencies: [a]
                description: Write b.py, with a.a.
                solutions: b-on-a
            """;

    private static Map<String, String> project() {
        Map<String, String> files = new HashMap<>(Map.of("tasks.yaml", POOL, "wide.yaml", WIDE, "deep.yaml", DEEP,
                "tests/conftest.py", "", "tests/test_a.py", "ta", "tests/test_b.py", "tb", "tests/test_c.py", "tc"));
        files.putAll(Map.of("solutions/a/a.py", "sa", "solutions/b/b.py", "sb", "solutions/b-on-a/b.py",
                "from a import a", "solutions/c/c.py", "sc"));
        return files;
    }

    private static Suite load(Map<String, String> files, String level) {
        return SuiteVariants.load("demo", level, p -> Optional.ofNullable(files.get(p)));
    }

    @Test
    void aLevelIsItsTasksOfThePoolInItsOrderWithItsDependencies() {
        Suite wide = load(project(), "wide");

        assertThat(wide.id()).isEqualTo("demo-wide");
        assertThat(wide.manifest().title()).isEqualTo("Demo, wide");
        assertThat(wide.manifest().description()).isEqualTo("Three independent tasks.");
        assertThat(wide.manifest().language()).isEqualTo("python");
        assertThat(wide.manifest().testCommand()).isEqualTo("python3 -m pytest -q");
        assertThat(wide.manifest().tasks()).extracting(TaskSpec::id).containsExactly("c", "a", "b");
        assertThat(wide.manifest().tasks().get(1)).isEqualTo(new TaskSpec("a", "A", "Write a.py.", List.of(),
                List.of("a.py"), List.of("tests/conftest.py", "tests/test_a.py")));
        assertThat(wide.dag().criticalPath()).hasSize(1);
        assertThat(wide.tests()).containsOnlyKeys("tests/conftest.py", "tests/test_a.py", "tests/test_b.py",
                "tests/test_c.py");
        assertThat(wide.solutions()).isEqualTo(Map.of("a", Map.of("a.py", "sa"), "b", Map.of("b.py", "sb"),
                "c", Map.of("c.py", "sc")));
    }

    @Test
    void whatDiffersAtALevelIsThatLevelsOwnAndOnlyIts() {
        Suite deep = load(project(), "deep");
        Suite wide = load(project(), "wide");

        TaskSpec b = deep.manifest().tasks().get(1);
        assertThat(b.description()).isEqualTo("Write b.py, with a.a.");
        assertThat(b.title()).isEqualTo("B");
        assertThat(b.dependencies()).containsExactly("a");
        assertThat(deep.solutions().get("b")).containsExactly(Map.entry("b.py", "from a import a"));
        assertThat(deep.dag().criticalPath()).containsExactly("a", "b");
        // a level carries only the files its tasks name
        assertThat(deep.tests()).doesNotContainKey("tests/test_c.py");
        assertThat(wide.solutions().get("b")).containsExactly(Map.entry("b.py", "sb"));
        assertThat(wide.manifest().tasks().get(2).description()).isEqualTo("Write b.py.");
    }

    @Test
    void aLevelsTaskMustBeInThePoolAndItsIdMustNameProjectAndLevel() {
        Map<String, String> files = project();
        files.put("wide.yaml", WIDE.replace("demo-wide", "demo-p09").replace("{id: b,", "{id: ghost,"));

        InvalidSuiteException e = catchThrowableOfType(InvalidSuiteException.class, () -> load(files, "wide"));

        assertThat(e.problems()).containsExactly("wide.yaml: the suite's id is 'demo-p09', not demo-wide",
                "wide.yaml: task ghost is not in tasks.yaml");
    }

    @Test
    void anOverrideNeitherFileKnowsIsAProblemNotIgnored() {
        Map<String, String> files = project();
        files.put("deep.yaml", DEEP.replace("solutions: b-on-a", "solution: b-on-a"));

        InvalidSuiteException e = catchThrowableOfType(InvalidSuiteException.class, () -> load(files, "deep"));

        assertThat(e.problems()).singleElement().asString().startsWith("deep.yaml is not valid: ")
                .contains("\"solution\"");
    }

    @Test
    void theComposedSuiteIsValidatedAsAnyOther() {
        Map<String, String> files = project();
        files.remove("solutions/a/a.py");
        files.put("deep.yaml", DEEP.replace("dependencies: [a]", "dependencies: [a, c]"));

        InvalidSuiteException e = catchThrowableOfType(InvalidSuiteException.class, () -> load(files, "deep"));

        assertThat(e.problems()).containsExactly("task b depends on unknown task c",
                "task a: reference solution solutions/a/a.py is missing");
    }

    @Test
    void aSolutionsDirectoryIsOneName() {
        Map<String, String> files = project();
        files.put("deep.yaml", DEEP.replace("solutions: b-on-a", "solutions: ../b"));

        InvalidSuiteException e = catchThrowableOfType(InvalidSuiteException.class, () -> load(files, "deep"));

        assertThat(e.problems()).containsExactly("deep.yaml: task b: solutions directory '../b' must be one name, "
                + "without '/' or '..'");
    }

    @Test
    void aMissingGraphFileIsNamed() {
        InvalidSuiteException e = catchThrowableOfType(InvalidSuiteException.class,
                () -> load(project(), "p05"));

        assertThat(e.problems()).containsExactly("there is no p05.yaml in the project");
    }
}
