package io.troupe.coordinator.suites;

import io.quarkus.runtime.Startup;
import io.troupe.protocol.problem.ProblemType;
import io.troupe.protocol.suite.InvalidSuiteException;
import io.troupe.protocol.suite.Suite;
import io.troupe.protocol.suite.SuiteLoader;
import io.troupe.protocol.suite.SuiteVariants;
import io.troupe.protocol.suite.TaskSpec;
import io.troupe.support.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The suites runs can use: the built-in ones, loaded and validated at startup from the classpath, and
 * those uploaded or imported since, kept in the database. A built-in suite is a suite directory
 * ({@code suites/tiny/}) or a level of a project: {@code numlib-p09} is level {@code p09} of
 * {@code suites/numlib/}, composed by {@link SuiteVariants} from the project's pool of tasks and the
 * level's graph file {@code p09.yaml}.
 */
@Startup
@ApplicationScoped
public class SuiteCatalog {
    private static final Logger LOG = Logger.getLogger(SuiteCatalog.class);
    /** The classpath directory of the built-in suites. */
    static final String ROOT = "suites";
    /** The built-in projects whose levels are suites, and their levels (each {@code <project>-<level>}). */
    static final List<String> PROJECTS = List.of("numlib", "textkit", "geosvg");
    static final List<String> LEVELS = List.of("p09", "p05", "p02");
    /** The suites shipped with the coordinator, in the listing's order: {@code tiny}, then each project's levels. */
    public static final List<String> BUILT_IN = Stream.concat(Stream.of("tiny"),
            PROJECTS.stream().flatMap(p -> LEVELS.stream().map(level -> p + "-" + level))).toList();
    /** Longest file path a stored suite may have (the database column's width). */
    static final int MAX_PATH = 512;

    /** A suite with where it came from: {@code built-in}, {@code uploaded} or {@code imported}. */
    public record Entry(Suite suite, String source) {
    }

    private final SuiteStore store;
    // Insertion order is the listing order: built-in suites first, then the stored ones oldest first.
    private final Map<String, Entry> suites = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, Boolean> adding = new ConcurrentHashMap<>();

    /** The built-in suites only (for tests that need no database). */
    public SuiteCatalog() {
        this.store = null;
        loadBuiltIns();
    }

    @Inject
    public SuiteCatalog(SuiteStore store) {
        this.store = store;
        loadBuiltIns();
        for (SuiteStore.Stored stored : store.all()) {
            try {
                Suite suite = SuiteLoader.load(path -> Optional.ofNullable(stored.files().get(path)));
                suites.put(suite.id(), new Entry(suite, stored.source()));
            } catch (InvalidSuiteException e) {
                LOG.warnf("stored suite not loaded suiteId=%s problems=%s", stored.id(), e.problems());
            }
        }
    }

    private void loadBuiltIns() {
        suites.put("tiny", new Entry(SuiteLoader.fromClasspath(ROOT + "/tiny"), "built-in"));
        for (String project : PROJECTS) {
            for (String level : LEVELS) {
                Suite suite = SuiteVariants.fromClasspath(ROOT, project, level);
                suites.put(suite.id(), new Entry(suite, "built-in"));
            }
        }
        if (!List.copyOf(suites.keySet()).equals(BUILT_IN)) {
            throw new IllegalStateException("built-in suites " + suites.keySet() + " are not " + BUILT_IN);
        }
    }

    public List<Suite> all() {
        return entries().stream().map(Entry::suite).toList();
    }

    public List<Entry> entries() {
        synchronized (suites) {
            return List.copyOf(suites.values());
        }
    }

    public List<String> ids() {
        synchronized (suites) {
            return List.copyOf(suites.keySet());
        }
    }

    public Optional<Suite> find(String id) {
        return Optional.ofNullable(id).map(suites::get).map(Entry::suite);
    }

    /** The suite, or a 404 problem listing the known ones. */
    public Suite get(String id) {
        return find(id).orElseThrow(() -> new ProblemException(ProblemType.SUITE_NOT_FOUND, "there is no suite '"
                + id + "'; known suites: " + String.join(", ", ids()),
                Map.of("knownSuites", ids())));
    }

    /**
     * Validates a suite given as its files (path relative to its root to text), stores it and makes it
     * available to runs. An invalid suite is a 400 problem listing every problem; an id in use is a 409.
     */
    public Suite add(Map<String, String> files, String source) {
        Suite suite = validate(files);
        String id = suite.id();
        if (suites.containsKey(id) || adding.putIfAbsent(id, Boolean.TRUE) != null) {
            throw clash(id);
        }
        try {
            Map<String, String> used = usedFiles(suite, files);
            if (!store.insert(new SuiteStore.Stored(id, source, Instant.now(), used))) {
                throw clash(id);
            }
            suites.put(id, new Entry(suite, source));
            LOG.infof("suite added suiteId=%s source=%s tasks=%d criticalPath=%d", id, source, suite.dag().size(),
                    suite.dag().criticalPath().size());
            return suite;
        } finally {
            adding.remove(id);
        }
    }

    /**
     * Adds several suites at once, all or none (the task lists of one directory): every problem of
     * every suite is named, prefixed with its label (the task list's file); one id in use is a 409.
     *
     * @param byLabel each suite's files by a label naming where it comes from
     */
    public List<Suite> addAll(Map<String, Map<String, String>> byLabel, String source) {
        List<String> problems = new ArrayList<>();
        Map<String, Suite> loaded = new LinkedHashMap<>();
        byLabel.forEach((label, files) -> {
            try {
                loaded.put(label, load(files));
            } catch (InvalidSuiteException e) {
                e.problems().forEach(p -> problems.add(label + ": " + p));
            }
        });
        if (!problems.isEmpty()) {
            throw invalid(problems);
        }
        List<String> reserved = new ArrayList<>();
        try {
            for (Suite suite : loaded.values()) {
                if (suites.containsKey(suite.id()) || adding.putIfAbsent(suite.id(), Boolean.TRUE) != null) {
                    throw clash(suite.id());
                }
                reserved.add(suite.id());
            }
            Instant now = Instant.now();
            List<SuiteStore.Stored> stored = new ArrayList<>();
            loaded.forEach((label, suite) -> stored.add(new SuiteStore.Stored(suite.id(), source, now,
                    usedFiles(suite, byLabel.get(label)))));
            Optional<String> taken = store.insertAll(stored);
            if (taken.isPresent()) {
                throw clash(taken.get());
            }
            for (Suite suite : loaded.values()) {
                suites.put(suite.id(), new Entry(suite, source));
                LOG.infof("suite added suiteId=%s source=%s tasks=%d criticalPath=%d solutions=%s", suite.id(),
                        source, suite.dag().size(), suite.dag().criticalPath().size(), suite.hasSolutions());
            }
            return List.copyOf(loaded.values());
        } finally {
            reserved.forEach(adding::remove);
        }
    }

    /** Loads and validates a suite from its files, as a 400 problem with a {@code problems} list if invalid. */
    public static Suite validate(Map<String, String> files) {
        try {
            return load(files);
        } catch (InvalidSuiteException e) {
            throw invalid(e.problems());
        }
    }

    private static Suite load(Map<String, String> files) {
        Suite suite = SuiteLoader.load(path -> Optional.ofNullable(files.get(path)));
        List<String> tooLong = new ArrayList<>();
        usedFiles(suite, files).keySet().stream().filter(p -> p.length() > MAX_PATH)
                .forEach(p -> tooLong.add("path " + p.substring(0, 40) + "... is longer than " + MAX_PATH));
        if (!tooLong.isEmpty()) {
            throw new InvalidSuiteException(tooLong);
        }
        return suite;
    }

    /** The 400 problem for an invalid suite: every problem in {@code problems}, the first few in the detail. */
    public static ProblemException invalid(List<String> problems) {
        String detail = problems.size() == 1 ? problems.getFirst()
                : problems.size() + " problems: " + String.join("; ", problems.subList(0, Math.min(5,
                problems.size()))) + (problems.size() > 5 ? "; ..." : "");
        return new ProblemException(ProblemType.INVALID_SUITE, detail, Map.of("problems", problems));
    }

    private ProblemException clash(String id) {
        String what = BUILT_IN.contains(id) ? "a built-in suite" : "a suite uploaded earlier";
        return new ProblemException(ProblemType.SUITE_EXISTS, "suite id '" + id + "' is taken by " + what + "; "
                + "change the id in suite.yaml (of task lists: their prefix)",
                Map.of("knownSuites", ids()));
    }

    // What the suite consists of: its manifest, its test files and its reference solutions.
    private static Map<String, String> usedFiles(Suite suite, Map<String, String> files) {
        Map<String, String> used = new LinkedHashMap<>();
        used.put(SuiteLoader.MANIFEST, files.get(SuiteLoader.MANIFEST));
        used.putAll(suite.tests());
        suite.solutions().forEach((task, solution) -> solution.forEach((path, content) ->
                used.put("solutions/" + task + "/" + path, content)));
        return used;
    }

    /** A task of a suite, or a 404 problem listing the suite's tasks. */
    public static TaskSpec task(Suite suite, String taskId) {
        return suite.manifest().tasks().stream().filter(t -> t.id().equals(taskId)).findFirst()
                .orElseThrow(() -> new ProblemException(ProblemType.TASK_NOT_FOUND, "suite '" + suite.id() + "' has "
                                + "no task '" + taskId + "'; its tasks: "
                                + String.join(", ", taskIds(suite)),
                        Map.of("knownTasks", taskIds(suite))));
    }

    private static List<String> taskIds(Suite suite) {
        return suite.manifest().tasks().stream().map(TaskSpec::id).toList();
    }
}
