package io.troupe.coordinator.suites;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.troupe.protocol.suite.InvalidSuiteException;
import io.troupe.protocol.suite.SuiteLoader;
import io.troupe.protocol.suite.SuiteManifest;
import io.troupe.protocol.suite.TaskSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A directory laid out as the paper's, turned into one suite per task list, unchanged:
 * <ul>
 * <li>a task list is a {@code <stem>.json} at the directory's root holding {@code project},
 * {@code description}, {@code repository}, {@code success_criteria} and {@code tasks} of {@code {id,
 * title, description, status, owner, assigned_by, priority, dependencies, files}}; {@code status},
 * {@code owner}, {@code assigned_by} and {@code priority} (the paper's run-time state) and any other
 * member are ignored;</li>
 * <li>its test file is {@code test_<stem>.py}, anywhere in the directory: the suite's own test file,
 * run as a whole (its tasks have no tests of their own);</li>
 * <li>every other file (a {@code conftest.py}, helpers, data) is shared: it goes to every suite beside
 * the suite's test file; caches ({@code __pycache__}, {@code *.pyc}) and hidden files are left out.</li>
 * </ul>
 * A list's suite is {@code <prefix>-<stem>} (lower case, runs of other characters as one {@code -}), the
 * prefix being the directory's name; several tasks of a list may write one file ({@code sharedFiles});
 * the lists carry no reference solutions, so their suites are for real models.
 */
public final class PaperTaskLists {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ID = 63;

    private PaperTaskLists() {
    }

    /**
     * The suites' files by task list file name, each a {@code suite.yaml} and its test files.
     *
     * @param files  the directory's files by path; wrapped in one top-level directory or not
     * @param prefix the suites' id prefix; null for the name of the top-level directory
     */
    public static Map<String, Map<String, String>> suites(Map<String, String> files, String prefix) {
        Map<String, String> root = files;
        String top = topLevelDirectory(files);
        if (top != null) {
            root = new LinkedHashMap<>();
            for (var file : files.entrySet()) {
                root.put(file.getKey().substring(top.length() + 1), file.getValue());
            }
        }
        List<String> problems = new ArrayList<>();
        String name = prefix != null && !prefix.isBlank() ? prefix : top;
        String idPrefix = slug(name);
        if (idPrefix.isEmpty()) {
            problems.add(name == null ? "the suites need an id prefix: give ?prefix=<name> (the directory's name), "
                    + "or wrap the lists in one directory named so"
                    : "the prefix '" + name + "' has no letter or digit");
        }
        Map<String, JsonNode> lists = taskLists(root, problems);
        if (lists.isEmpty()) {
            problems.add("no task list: a task list is a <name>.json at the directory's root with a 'tasks' array");
        }
        Set<String> testFiles = new HashSet<>();
        lists.keySet().forEach(list -> testFiles.add(testFileName(list)));
        Map<String, String> shared = new TreeMap<>();
        root.forEach((path, content) -> {
            if (!lists.containsKey(path) && !testFiles.contains(fileName(path)) && !ignored(path)) {
                shared.put(path, content);
            }
        });
        Map<String, Map<String, String>> suites = new LinkedHashMap<>();
        Map<String, String> listOfId = new LinkedHashMap<>();
        for (var list : lists.entrySet()) {
            String id = idPrefix + "-" + slug(stem(list.getKey()));
            String other = listOfId.putIfAbsent(id, list.getKey());
            if (other != null) {
                problems.add(list.getKey() + " and " + other + " would both be suite " + id + "; rename one");
            } else if (id.length() > MAX_ID) {
                problems.add(list.getKey() + ": suite id " + id + " is longer than " + MAX_ID
                        + " characters; give a shorter ?prefix=");
            }
            List<String> tests = root.keySet().stream().filter(p -> fileName(p).equals(testFileName(list.getKey())))
                    .sorted().toList();
            if (tests.size() != 1) {
                problems.add(list.getKey() + ": " + (tests.isEmpty() ? "its test file " + testFileName(list.getKey())
                        + " is missing" : "its test file is there " + tests.size() + " times: " + tests));
                continue;
            }
            Map<String, String> suite = new LinkedHashMap<>();
            List<String> suiteTests = new ArrayList<>(shared.keySet());
            suiteTests.add(tests.getFirst());
            suite.put(SuiteLoader.MANIFEST, TaskListImport.yaml(manifest(id, list.getValue(), suiteTests)));
            shared.forEach(suite::put);
            suite.put(tests.getFirst(), root.get(tests.getFirst()));
            suites.put(list.getKey(), suite);
        }
        if (!problems.isEmpty()) {
            throw new InvalidSuiteException(problems);
        }
        return suites;
    }

    /** Whether {@code files} look like a directory of task lists rather than a suite. */
    public static boolean looksLikeTaskLists(Map<String, String> files) {
        return !files.containsKey(SuiteLoader.MANIFEST)
                && files.keySet().stream().anyMatch(p -> p.endsWith(".json") && p.indexOf('/') == p.lastIndexOf('/'));
    }

    private static SuiteManifest manifest(String id, JsonNode list, List<String> tests) {
        List<TaskSpec> tasks = new ArrayList<>();
        Map<String, String> writer = new LinkedHashMap<>();
        boolean shared = false;
        for (JsonNode task : list.path("tasks")) {
            List<String> files = texts(task.path("files"));
            for (String file : files) {
                shared |= writer.putIfAbsent(file, text(task.path("id"))) != null;
            }
            tasks.add(new TaskSpec(text(task.path("id")), text(task.path("title")), text(task.path("description")),
                    texts(task.path("dependencies")), files, List.of()));
        }
        String project = text(list.path("project"));
        return new SuiteManifest(id, project == null ? id : project, text(list.path("description")), "python",
                TaskListImport.DEFAULT_TEST_COMMAND, tasks, text(list.path("repository")),
                criteria(list.path("success_criteria")), tests, shared);
    }

    private static Map<String, JsonNode> taskLists(Map<String, String> root, List<String> problems) {
        Map<String, JsonNode> lists = new TreeMap<>();
        for (var file : root.entrySet()) {
            if (!file.getKey().endsWith(".json") || file.getKey().contains("/")) {
                continue;
            }
            JsonNode node;
            try {
                node = JSON.readTree(file.getValue());
            } catch (JsonProcessingException e) {
                problems.add(file.getKey() + " is not valid JSON: " + e.getOriginalMessage());
                continue;
            }
            if (node == null || !node.isObject() || !node.has("tasks")) {
                continue; // a data file the tests may read: shared
            }
            if (!node.get("tasks").isArray()) {
                problems.add(file.getKey() + ": 'tasks' must be an array of tasks");
                continue;
            }
            for (JsonNode task : node.get("tasks")) {
                if (!task.isObject()) {
                    problems.add(file.getKey() + ": every task is an object {id, title, description, "
                            + "dependencies, files}, not " + abbreviate(task.toString()));
                }
            }
            lists.put(file.getKey(), node);
        }
        return lists;
    }

    // The one directory every file is in, if the lists are not at the root themselves.
    private static String topLevelDirectory(Map<String, String> files) {
        if (files.isEmpty() || files.keySet().stream().anyMatch(p -> !p.contains("/"))) {
            return null;
        }
        String first = files.keySet().iterator().next();
        String top = first.substring(0, first.indexOf('/'));
        return files.keySet().stream().allMatch(p -> p.startsWith(top + "/")) ? top : null;
    }

    private static boolean ignored(String path) {
        for (String segment : path.split("/")) {
            if (segment.startsWith(".") || segment.equals("__pycache__")) {
                return true;
            }
        }
        return path.endsWith(".pyc");
    }

    /** Numbers and strings as text; null for a missing member; anything else as its JSON. */
    private static String text(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }

    private static List<String> texts(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            return List.of(text(node));
        }
        List<String> texts = new ArrayList<>();
        node.forEach(element -> texts.add(text(element)));
        return texts;
    }

    // success_criteria as a list of lines: an array's elements, a string, or an object's "key: value" members.
    static List<String> criteria(JsonNode node) {
        if (node != null && node.isObject()) {
            List<String> lines = new ArrayList<>();
            node.properties().forEach(e -> lines.add(e.getKey() + ": " + text(e.getValue())));
            return lines;
        }
        return texts(node);
    }

    static String slug(String name) {
        return name == null ? "" : name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-+|-+$", "");
    }

    private static String stem(String listFile) {
        return listFile.substring(0, listFile.length() - ".json".length());
    }

    private static String testFileName(String listFile) {
        return "test_" + stem(listFile) + ".py";
    }

    private static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }
}
