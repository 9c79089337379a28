package io.troupe.coordinator.suites;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.troupe.protocol.suite.InvalidSuiteException;
import io.troupe.protocol.suite.Suite;
import io.troupe.protocol.suite.TaskSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A directory laid out as the paper's becomes one suite per task list, unchanged. */
public class PaperTaskListsTest {

    /**
     * A directory as the paper lays it out, written here: three task lists (p = 0.9, 0.5, 0.2 of a
     * calculator), a test file for each, one {@code conftest.py} for all, no reference solutions. In the
     * p02 list two tasks write {@code calc/core.py}.
     */
    public static Map<String, String> paperDirectory(String dir) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put(dir + "/conftest.py", "import sys, os\nsys.path.insert(0, os.path.dirname(__file__))\n");
        for (String level : List.of("p09", "p05", "p02")) {
            String second = level.equals("p02") ? "calc/core.py" : "calc/ops.py";
            files.put(dir + "/" + level + ".json", taskList(level, second));
            files.put(dir + "/test_" + level + ".py", "from calc.core import add\n\n"
                    + "def test_add():\n    assert add(1, 2) == 3\n");
        }
        files.put(dir + "/__pycache__/conftest.cpython-312.pyc", "junk");
        return files;
    }

    /** Task 1 writes calc/core.py; task 2 (after 1) writes {@code second} and task 3 calc/extra.py. */
    static String taskList(String level, String second) {
        return """
                {"project": "Calculator %s", "description": "A small calculator library.",
                 "repository": "calc-%s",
                 "success_criteria": ["test_%s.py passes", "no global state"],
                 "tasks": [
                   {"id": 1, "title": "Core", "description": "add(a, b) in calc/core.py", "status": "pending",
                    "owner": null, "assigned_by": null, "priority": "high", "dependencies": [],
                    "files": ["calc/__init__.py", "calc/core.py"]},
                   {"id": 2, "title": "Ops", "description": "more operations", "status": "pending",
                    "owner": "agent_1", "assigned_by": "lead", "priority": 2, "dependencies": [1],
                    "files": ["%s"]},
                   {"id": "3", "title": "Extra", "description": "extras", "status": "done", "owner": null,
                    "assigned_by": null, "priority": "low", "dependencies": ["1"], "files": ["calc/extra.py"]}
                 ]}
                """.formatted(level, level, level, second);
    }

    @Test
    void eachListIsASuiteNamedAfterTheDirectoryAndTheList() {
        // When the paper's directory is read
        Map<String, Map<String, String>> suites = PaperTaskLists.suites(paperDirectory("paper"), null);

        // Then each list is a valid suite with a distinct id, its test file and the shared conftest.py
        assertThat(suites).containsOnlyKeys("p02.json", "p05.json", "p09.json");
        List<Suite> loaded = suites.values().stream().map(SuiteCatalog::validate).toList();
        assertThat(loaded).extracting(Suite::id).containsExactly("paper-p02", "paper-p05", "paper-p09");
        Suite p09 = loaded.get(2);
        assertThat(p09.tests()).containsOnlyKeys("conftest.py", "test_p09.py");
        assertThat(p09.manifest().tests()).containsExactly("conftest.py", "test_p09.py");
        assertThat(p09.manifest().title()).isEqualTo("Calculator p09");
        assertThat(p09.manifest().repository()).isEqualTo("calc-p09");
        assertThat(p09.manifest().successCriteria()).containsExactly("test_p09.py passes", "no global state");
        assertThat(p09.manifest().tasks()).extracting(TaskSpec::id).containsExactly("1", "2", "3");
        assertThat(p09.manifest().tasks()).allSatisfy(t -> assertThat(t.tests()).isEmpty());
        assertThat(p09.manifest().tasks().get(2).dependencies()).containsExactly("1");
        assertThat(p09.dag().criticalPath()).hasSize(2);
        // without reference solutions: for real models
        assertThat(p09.hasSolutions()).isFalse();
        assertThat(p09.missingSolutions()).contains("solutions/1/calc/core.py", "solutions/3/calc/extra.py");
        // and only the list whose tasks share a file lets them
        assertThat(p09.manifest().sharedFiles()).isFalse();
        assertThat(loaded.getFirst().manifest().sharedFiles()).isTrue();
        assertThat(loaded.getFirst().manifest().tasks().get(1).files()).containsExactly("calc/core.py");
    }

    @Test
    void aGivenPrefixNamesTheSuitesOfAnUnwrappedDirectory() {
        Map<String, String> unwrapped = new LinkedHashMap<>();
        paperDirectory("x").forEach((path, content) -> unwrapped.put(path.substring(2), content));

        assertThat(PaperTaskLists.suites(unwrapped, "My Lists").values().stream().map(SuiteCatalog::validate)
                .map(Suite::id)).containsExactly("my-lists-p02", "my-lists-p05", "my-lists-p09");
    }

    @Test
    void aMissingTestFileListsThatCollideAndAMissingPrefixAreNamed() {
        // Given lists at the root without a prefix, one without its test file, two with one id
        Map<String, String> files = new LinkedHashMap<>();
        files.put("p09.json", taskList("p09", "calc/ops.py"));
        files.put("P09.json", taskList("p09", "calc/ops.py"));
        files.put("test_P09.py", "");
        files.put("test_p09.py", "");
        files.put("p05.json", taskList("p05", "calc/ops.py"));

        InvalidSuiteException e = catchThrowableOfType(InvalidSuiteException.class,
                () -> PaperTaskLists.suites(files, null));

        assertThat(e.problems()).containsExactly(
                "the suites need an id prefix: give ?prefix=<name> (the directory's name), or wrap the lists in "
                        + "one directory named so",
                "p05.json: its test file test_p05.py is missing",
                "p09.json and P09.json would both be suite -p09; rename one");
    }

    @Test
    void aDirectoryOfTaskListsIsToldApartFromASuite() {
        assertThat(PaperTaskLists.looksLikeTaskLists(paperDirectory("paper"))).isTrue();
        assertThat(PaperTaskLists.looksLikeTaskLists(Map.of("suite.yaml", "", "data.json", "{}"))).isFalse();
    }
}
