package io.troupe.protocol.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SuiteLoaderTest {

    private static final String MANIFEST = """
            id: demo
            title: Demo
            language: python
            testCommand: python3 -m pytest -q
            tasks:
              - id: a
                title: A
                files: [a.py]
                tests: [tests/test_a.py]
              - id: b
                title: B
                dependencies: [a]
                files: [b.py]
                tests: [tests/test_b.py]
            """;

    @Test
    void loadsAValidSuiteWithItsTestsAndSolutions() {
        Map<String, String> files = Map.of("suite.yaml", MANIFEST, "tests/test_a.py", "ta", "tests/test_b.py", "tb",
                "solutions/a/a.py", "sa", "solutions/b/b.py", "sb");

        Suite suite = SuiteLoader.load(p -> Optional.ofNullable(files.get(p)));

        assertThat(suite.id()).isEqualTo("demo");
        assertThat(suite.dag().criticalPath()).containsExactly("a", "b");
        assertThat(suite.tests()).containsEntry("tests/test_b.py", "tb");
        assertThat(suite.solutions().get("a")).containsEntry("a.py", "sa");
    }

    @Test
    void everyMissingFileIsReported() {
        Map<String, String> files = Map.of("suite.yaml", MANIFEST, "tests/test_a.py", "ta", "solutions/a/a.py", "sa");

        InvalidSuiteException e = catchThrowableOfType(InvalidSuiteException.class,
                () -> SuiteLoader.load(p -> Optional.ofNullable(files.get(p))));

        assertThat(e.problems()).containsExactly("task b: test file tests/test_b.py is missing",
                "task b: reference solution solutions/b/b.py is missing");
    }

    @Test
    void unknownDependencyDuplicateIdAndSharedFileAreReported() {
        String manifest = """
                id: bad
                testCommand: pytest
                tasks:
                  - {id: a, files: [x.py]}
                  - {id: a, files: [y.py]}
                  - {id: c, files: [x.py], dependencies: [zz]}
                """;

        InvalidSuiteException e = catchThrowableOfType(InvalidSuiteException.class,
                () -> SuiteLoader.load(p -> p.equals("suite.yaml") ? Optional.of(manifest) : Optional.empty()));

        assertThat(e.problems()).containsExactly("duplicate task id a", "file x.py is owned by both a and c",
                "task c depends on unknown task zz");
    }
}
