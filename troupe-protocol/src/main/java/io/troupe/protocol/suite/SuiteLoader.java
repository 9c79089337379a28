package io.troupe.protocol.suite;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a suite laid out as {@code suite.yaml}, {@code tests/…} and
 * {@code solutions/<task-id>/<file>}, from any source of files (a directory, the classpath, an
 * archive), and validates it. Every problem found is reported, not only the first.
 */
public final class SuiteLoader {
    public static final String MANIFEST = "suite.yaml";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private SuiteLoader() {
    }

    public static Suite fromDirectory(Path dir) {
        return load(relative -> {
            Path file = dir.resolve(relative).normalize();
            if (!file.startsWith(dir) || !Files.isRegularFile(file)) {
                return Optional.empty();
            }
            try {
                return Optional.of(Files.readString(file));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    public static Suite fromClasspath(String root) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return load(relative -> {
            try (var in = loader.getResourceAsStream(root + "/" + relative)) {
                return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** @param files reads a file by its path relative to the suite's root; empty if absent */
    public static Suite load(Function<String, Optional<String>> files) {
        String text = files.apply(MANIFEST)
                .orElseThrow(() -> new InvalidSuiteException(List.of("no " + MANIFEST + " at the suite's root")));
        SuiteManifest manifest;
        try {
            manifest = YAML.readValue(text, SuiteManifest.class);
        } catch (IOException e) {
            throw new InvalidSuiteException(List.of(MANIFEST + " is not valid: " + e.getMessage()));
        }
        List<String> problems = new ArrayList<>(checkManifest(manifest));
        if (!problems.isEmpty()) {
            throw new InvalidSuiteException(problems);
        }
        Dag dag = Dag.of(manifest.tasks());
        Map<String, String> tests = new LinkedHashMap<>();
        Map<String, Map<String, String>> solutions = new LinkedHashMap<>();
        for (TaskSpec task : manifest.tasks()) {
            for (String test : task.tests()) {
                files.apply(test).ifPresentOrElse(t -> tests.put(test, t),
                        () -> problems.add("task " + task.id() + ": test file " + test + " is missing"));
            }
            Map<String, String> solution = new LinkedHashMap<>();
            for (String file : task.files()) {
                files.apply("solutions/" + task.id() + "/" + file).ifPresentOrElse(s -> solution.put(file, s),
                        () -> problems.add("task " + task.id() + ": reference solution solutions/" + task.id()
                                + "/" + file + " is missing"));
            }
            solutions.put(task.id(), Map.copyOf(solution));
        }
        if (!problems.isEmpty()) {
            throw new InvalidSuiteException(problems);
        }
        return new Suite(manifest, dag, Map.copyOf(tests), Map.copyOf(solutions));
    }

    static List<String> checkManifest(SuiteManifest m) {
        List<String> problems = new ArrayList<>();
        if (m.id() == null || !m.id().matches("[a-z0-9][a-z0-9-]{0,62}")) {
            problems.add("suite id '" + m.id() + "' must be 1-63 lowercase letters, digits or '-'");
        }
        if (m.testCommand() == null || m.testCommand().isBlank()) {
            problems.add("testCommand is missing");
        }
        if (m.tasks().isEmpty()) {
            problems.add("the suite has no tasks");
        }
        Set<String> ids = new HashSet<>();
        Map<String, String> owners = new HashMap<>();
        for (TaskSpec t : m.tasks()) {
            if (t.id() == null || t.id().isBlank()) {
                problems.add("a task has no id");
                continue;
            }
            if (!ids.add(t.id())) {
                problems.add("duplicate task id " + t.id());
            }
            for (String file : t.files()) {
                String owner = owners.putIfAbsent(file, t.id());
                if (owner != null) {
                    problems.add("file " + file + " is owned by both " + owner + " and " + t.id());
                }
            }
        }
        for (TaskSpec t : m.tasks()) {
            for (String dep : t.dependencies()) {
                if (!ids.contains(dep)) {
                    problems.add("task " + t.id() + " depends on unknown task " + dep);
                }
            }
        }
        return problems;
    }
}
