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
    void aSuiteWithoutAnySolutionIsValidAndNamesWhatASimulatedRunWouldMiss() {
        Map<String, String> files = Map.of("suite.yaml", MANIFEST, "tests/test_a.py", "ta", "tests/test_b.py", "tb");

        Suite suite = SuiteLoader.load(p -> Optional.ofNullable(files.get(p)));

        assertThat(suite.hasSolutions()).isFalse();
        assertThat(suite.missingSolutions()).containsExactly("solutions/a/a.py", "solutions/b/b.py");
    }

    @Test
    void suiteLevelTestsSharedFilesRepositoryAndSuccessCriteriaAreRead() {
        // Given a manifest whose tasks share a file, checked by the suite's own test file only
        String manifest = """
                id: shared
                testCommand: python3 -m pytest -q
                repository: calc
                successCriteria: [all tests pass, no global state]
                tests: [conftest.py, test_shared.py]
                sharedFiles: true
                tasks:
                  - {id: a, files: [calc.py]}
                  - {id: b, files: [calc.py, b.py], dependencies: [a]}
                """;
        Map<String, String> files = Map.of("suite.yaml", manifest, "conftest.py", "", "test_shared.py", "t");

        // When it is loaded
        Suite suite = SuiteLoader.load(p -> Optional.ofNullable(files.get(p)));

        // Then the shared file is accepted and the suite's tests are part of it
        assertThat(suite.tests()).containsOnlyKeys("conftest.py", "test_shared.py");
        assertThat(suite.manifest().repository()).isEqualTo("calc");
        assertThat(suite.manifest().successCriteria()).containsExactly("all tests pass", "no global state");
        assertThat(suite.missingSolutions()).containsExactly("solutions/a/calc.py", "solutions/b/calc.py",
                "solutions/b/b.py");
    }

    @Test
    void aSharedFileIsStillRefusedWithoutSharedFilesAndAMissingSuiteTestIsNamed() {
        String manifest = """
                id: owned
                testCommand: pytest
                tests: [test_owned.py]
                tasks:
                  - {id: a, files: [calc.py]}
                  - {id: b, files: [calc.py]}
                """;

        InvalidSuiteException e = catchThrowableOfType(InvalidSuiteException.class,
                () -> SuiteLoader.load(p -> Optional.ofNullable(Map.of("suite.yaml", manifest).get(p))));

        assertThat(e.problems()).containsExactly("file calc.py is owned by both a and b",
                "test file test_owned.py of the suite is missing");
    }

    @Test
    void unknownDependencyDuplicateIdSharedFileCycleAndMissingFilesAreAllReported() {
        String manifest = """
                id: bad
                testCommand: pytest
                tasks:
                  - {id: a, files: [x.py]}
                  - {id: a, files: [y.py]}
                  - {id: c, files: [x.py], dependencies: [zz, d]}
                  - {id: d, files: [d.py], dependencies: [c]}
                """;

        // (one solution present: a suite with some solutions must have all of them)
        Map<String, String> files = Map.of("suite.yaml", manifest, "solutions/d/d.py", "");
        InvalidSuiteException e = catchThrowableOfType(InvalidSuiteException.class,
                () -> SuiteLoader.load(p -> Optional.ofNullable(files.get(p))));

        assertThat(e.problems()).containsExactly("duplicate task id a", "file x.py is owned by both a and c",
                "task c depends on unknown task zz", "dependency cycle: c -> d -> c",
                "task a: reference solution solutions/a/x.py is missing",
                "task a: reference solution solutions/a/y.py is missing",
                "task c: reference solution solutions/c/x.py is missing");
    }

    @Test
    void aCycleIsNamedAlongsideMissingFiles() {
        String manifest = """
                id: loop
                testCommand: pytest
                tasks:
                  - {id: a, files: [a.py], dependencies: [c]}
                  - {id: b, files: [b.py], dependencies: [a]}
                  - {id: c, files: [c.py], dependencies: [b], tests: [tests/test_c.py]}
                """;
        Map<String, String> files = Map.of("suite.yaml", manifest, "solutions/a/a.py", "", "solutions/b/b.py", "",
                "solutions/c/c.py", "");

        InvalidSuiteException e = catchThrowableOfType(InvalidSuiteException.class,
                () -> SuiteLoader.load(p -> Optional.ofNullable(files.get(p))));

        assertThat(e.problems()).containsExactly("dependency cycle: a -> c -> b -> a",
                "task c: test file tests/test_c.py is missing");
    }

    @Test
    void anEmptySuiteIsRefused() {
        String manifest = "id: empty\ntestCommand: pytest\ntasks: []\n";

        InvalidSuiteException e = catchThrowableOfType(InvalidSuiteException.class,
                () -> SuiteLoader.load(p -> p.equals("suite.yaml") ? Optional.of(manifest) : Optional.empty()));

        assertThat(e.problems()).containsExactly("the suite has no tasks");
    }

    @Test
    void idsAndPathsThatLeaveTheSuiteAreRefused() {
        String manifest = """
                id: escape
                testCommand: pytest
                tasks:
                  - {id: ../a, files: [ok.py]}
                  - {id: b, files: [../../etc/passwd], tests: [/abs/test.py]}
                """;

        InvalidSuiteException e = catchThrowableOfType(InvalidSuiteException.class,
                () -> SuiteLoader.load(p -> p.equals("suite.yaml") ? Optional.of(manifest) : Optional.empty()));

        assertThat(e.problems()).containsExactly(
                "task id '../a' must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit",
                "task b: test path '/abs/test.py' must be relative, without '..'",
                "task b: file path '../../etc/passwd' must be relative, without '..'");
    }

    @Test
    void safePaths() {
        assertThat(SuiteLoader.isSafePath("tests/test_a.py")).isTrue();
        assertThat(SuiteLoader.isSafePath("a/../b.py")).isFalse();
        assertThat(SuiteLoader.isSafePath("a//b.py")).isFalse();
        assertThat(SuiteLoader.isSafePath("C:/x.py")).isFalse();
        assertThat(SuiteLoader.isSafePath("a\\b.py")).isFalse();
    }
}
