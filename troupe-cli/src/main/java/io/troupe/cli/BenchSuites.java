package io.troupe.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The generated suites of {@code troupe bench throughput}, as zips for {@code POST /api/suites}: tasks that each
 * write one small module, so that what a run costs is the platform's hand-offs, writes and test runs, not code.
 */
final class BenchSuites {
    /** How a task is tested. */
    enum Tests {
        /** Each task has a test file and the suite's command is {@code true}: a test run that does nothing. */
        TRUE("true"),
        /** Each task's test file imports its module and checks it, run by pytest (the workspace's fork server). */
        PYTEST("python3 -m pytest -q"),
        /** No test files: the simulated agent writes and completes, with no test run. */
        NONE("true");

        final String command;

        Tests(String command) {
            this.command = command;
        }

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private BenchSuites() {
    }

    /** {@code tasks} independent tasks tested as {@code tests} say; the suite's id is {@code id}. */
    static Map<String, String> independent(String id, int tasks, Tests tests) {
        Map<String, String> files = new LinkedHashMap<>();
        StringBuilder yaml = header(id, "independent tasks, test command " + tests.label(), tests);
        if (tests == Tests.PYTEST) {
            yaml.append("tests: [tests/conftest.py]\n");
            files.put("tests/conftest.py", "import os\nimport sys\n\n"
                    + "sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))\n");
        }
        yaml.append("tasks:\n");
        for (int i = 1; i <= tasks; i++) {
            String task = String.format(Locale.ROOT, "t%03d", i);
            String module = "m" + task.substring(1);
            yaml.append("  - id: ").append(task).append('\n')
                    .append("    title: Module ").append(module).append('\n')
                    .append("    description: Write ").append(module).append(".py with VALUE = ").append(i)
                    .append(".\n")
                    .append("    dependencies: []\n")
                    .append("    files: [").append(module).append(".py]\n");
            if (tests == Tests.NONE) {
                yaml.append("    tests: []\n");
            } else {
                String test = "tests/test_" + module + ".py";
                yaml.append("    tests: [").append(test).append("]\n");
                files.put(test, "from " + module + " import VALUE\n\n\ndef test_value():\n    assert VALUE == " + i
                        + "\n");
            }
            files.put("solutions/" + task + "/" + module + ".py", "VALUE = " + i + "\n");
        }
        files.put("suite.yaml", yaml.toString());
        return files;
    }

    /**
     * {@code chains} chains of {@code length} tasks each, every task depending on the one before it, untested: a
     * task becomes READY when its predecessor is done, so each one is a hand-off to an idle agent.
     */
    static Map<String, String> chains(String id, int chains, int length) {
        Map<String, String> files = new LinkedHashMap<>();
        StringBuilder yaml = header(id, chains + " chains of " + length + " tasks", Tests.NONE).append("tasks:\n");
        for (int c = 1; c <= chains; c++) {
            for (int k = 1; k <= length; k++) {
                String task = String.format(Locale.ROOT, "c%02d-%02d", c, k);
                String module = "m" + task.replace('-', '_');
                yaml.append("  - id: ").append(task).append('\n')
                        .append("    title: Module ").append(module).append('\n')
                        .append("    description: Write ").append(module).append(".py with VALUE = ").append(k)
                        .append(".\n")
                        .append("    dependencies: [")
                        .append(k == 1 ? "" : String.format(Locale.ROOT, "c%02d-%02d", c, k - 1)).append("]\n")
                        .append("    files: [").append(module).append(".py]\n")
                        .append("    tests: []\n");
                files.put("solutions/" + task + "/" + module + ".py", "VALUE = " + k + "\n");
            }
        }
        files.put("suite.yaml", yaml.toString());
        return files;
    }

    /** The files as a zip, each at its path. */
    static byte[] zip(Map<String, String> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, String> file : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(file.getKey()));
                zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static StringBuilder header(String id, String what, Tests tests) {
        return new StringBuilder()
                .append("id: ").append(id).append('\n')
                .append("title: Benchmark suite ").append(id).append('\n')
                .append("description: Generated by troupe bench throughput; ").append(what).append(".\n")
                .append("language: python\n")
                .append("testCommand: \"").append(tests.command).append("\"\n");
    }
}
