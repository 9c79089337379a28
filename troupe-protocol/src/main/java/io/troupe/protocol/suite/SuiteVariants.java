package io.troupe.protocol.suite;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Composes one level of a project into a suite. A project is a directory holding every task of its
 * levels once, with their test files and reference solutions, and one graph file per level:
 * <ul>
 *   <li>{@code tasks.yaml}: {@code language}, {@code testCommand} and {@code tasks: [{id, title,
 *       description, files, tests, solutions}]}, {@code solutions} being the directory of the task's
 *       reference solution under {@code solutions/} (by default the task's id);</li>
 *   <li>{@code <level>.yaml}: the suite's {@code id} ({@code <project>-<level>}), {@code title} and
 *       {@code description}, and {@code tasks: [{id, dependencies}]}, the tasks of the level in order;
 *       a task whose content differs at this level says so in its entry, with a {@code title},
 *       {@code description}, {@code files}, {@code tests} or {@code solutions} that replaces the
 *       pool's;</li>
 *   <li>the test files at the paths the tasks name, and {@code solutions/<dir>/<file>}.</li>
 * </ul>
 * Both files are read strictly: a key neither knows is a problem, not ignored. The composed suite is
 * then validated as any other ({@link SuiteLoader}); it carries only the files its tasks name.
 */
public final class SuiteVariants {
    /** The project's pool of tasks. */
    public static final String POOL = "tasks.yaml";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** {@code tasks.yaml}. */
    record Pool(String language, String testCommand, List<PoolTask> tasks) {
        Pool {
            tasks = tasks == null ? List.of() : tasks;
        }
    }

    /** A task of the pool; {@code solutions} is the directory of its reference solution (default: its id). */
    record PoolTask(String id, String title, String description, List<String> files, List<String> tests,
                    String solutions) {
    }

    /** A level's graph file. */
    record Level(String id, String title, String description, List<LevelTask> tasks) {
        Level {
            tasks = tasks == null ? List.of() : tasks;
        }
    }

    /** A task of a level: its dependencies at this level and what, if anything, differs from the pool. */
    record LevelTask(String id, List<String> dependencies, String title, String description, List<String> files,
                     List<String> tests, String solutions) {
    }

    private SuiteVariants() {
    }

    /** Level {@code level} of the project {@code <suites>/<project>/} on the classpath. */
    public static Suite fromClasspath(String suites, String project, String level) {
        return load(project, level, SuiteLoader.classpathFiles(suites + "/" + project));
    }

    /** Level {@code level} of the project {@code <suites>/<project>/}. */
    public static Suite fromDirectory(Path suites, String project, String level) {
        return load(project, level, SuiteLoader.directoryFiles(suites.resolve(project)));
    }

    /**
     * @param files reads a file of the project by its path relative to the project's directory; empty if
     *              absent
     */
    public static Suite load(String project, String level, Function<String, Optional<String>> files) {
        String graphFile = level + ".yaml";
        Pool pool = read(files, POOL, Pool.class);
        Level graph = read(files, graphFile, Level.class);
        List<String> problems = new ArrayList<>();
        Map<String, PoolTask> byId = new LinkedHashMap<>();
        for (PoolTask task : pool.tasks()) {
            if (task.id() == null) {
                problems.add(POOL + ": a task has no id");
            } else if (byId.putIfAbsent(task.id(), task) != null) {
                problems.add(POOL + ": duplicate task id " + task.id());
            }
        }
        String id = project + "-" + level;
        if (!id.equals(graph.id())) {
            problems.add(graphFile + ": the suite's id is '" + graph.id() + "', not " + id);
        }
        List<TaskSpec> tasks = new ArrayList<>();
        Map<String, String> solutionDirs = new HashMap<>();
        for (LevelTask task : graph.tasks()) {
            PoolTask base = byId.get(task.id());
            if (base == null) {
                problems.add(graphFile + ": task " + task.id() + " is not in " + POOL);
                continue;
            }
            tasks.add(new TaskSpec(task.id(), or(task.title(), base.title()),
                    or(task.description(), base.description()), task.dependencies(), or(task.files(), base.files()),
                    or(task.tests(), base.tests())));
            String dir = or(task.solutions(), or(base.solutions(), task.id()));
            if (dir.contains("/") || !SuiteLoader.isSafePath(dir)) {
                problems.add(graphFile + ": task " + task.id() + ": solutions directory '" + dir
                        + "' must be one name, without '/' or '..'");
            }
            solutionDirs.put(task.id(), dir);
        }
        if (!problems.isEmpty()) {
            throw new InvalidSuiteException(problems);
        }
        SuiteManifest manifest = new SuiteManifest(graph.id(), graph.title(), graph.description(), pool.language(),
                pool.testCommand(), tasks);
        return SuiteLoader.load(manifest, path -> files.apply(source(path, solutionDirs)));
    }

    // Where a file of the suite lies in the project: a task's solution in its solutions directory.
    private static String source(String path, Map<String, String> solutionDirs) {
        if (path.startsWith(SuiteLoader.SOLUTIONS)) {
            int slash = path.indexOf('/', SuiteLoader.SOLUTIONS.length());
            String dir = slash < 0 ? null : solutionDirs.get(path.substring(SuiteLoader.SOLUTIONS.length(), slash));
            if (dir != null) {
                return SuiteLoader.SOLUTIONS + dir + path.substring(slash);
            }
        }
        return path;
    }

    private static <T> T or(T override, T pooled) {
        return override != null ? override : pooled;
    }

    private static <T> T read(Function<String, Optional<String>> files, String file, Class<T> type) {
        String text = files.apply(file).orElseThrow(() -> new InvalidSuiteException(List.of("there is no "
                + file + " in the project")));
        try {
            T value = YAML.readValue(text, type);
            if (value == null) {
                throw new InvalidSuiteException(List.of(file + " is empty"));
            }
            return value;
        } catch (IOException e) {
            throw new InvalidSuiteException(List.of(file + " is not valid: " + e.getMessage()));
        }
    }
}
