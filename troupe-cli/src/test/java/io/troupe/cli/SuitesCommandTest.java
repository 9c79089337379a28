package io.troupe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.troupe.protocol.problem.ProblemType;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipInputStream;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code troupe suites import DIR} zips the directory for {@code POST /api/suites/task-lists} and prints
 * the suites made (against a stub coordinator; {@code TroupeCommandIT} imports into a real one).
 */
class SuitesCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path parent;

    @Test
    void aDirectoryOfThePapersTaskListsIsImportedAsOneSuitePerList() throws Exception {
        // Given the paper's layout in a directory named "paper" (built in the test; a .git directory beside)
        Path dir = paperDirectory(parent.resolve("paper"));
        Files.createDirectories(dir.resolve(".git"));
        Files.writeString(dir.resolve(".git/HEAD"), "ref: refs/heads/main\n");
        // and a coordinator that answers with the three suites
        AtomicReference<String> request = new AtomicReference<>();
        Map<String, String> uploaded = new LinkedHashMap<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            request.set(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst("Content-Type") + " "
                    + exchange.getRequestHeaders().getFirst("Authorization"));
            try (var zip = new ZipInputStream(exchange.getRequestBody())) {
                for (var entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                    uploaded.put(entry.getName(), new String(zip.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
            List<Map<String, Object>> suites = new ArrayList<>();
            for (String level : List.of("p02", "p05", "p09")) {
                suites.add(Map.of("id", "paper-" + level, "tasks", List.of(Map.of(), Map.of(), Map.of()),
                        "criticalPath", List.of("1", "2"), "parallelFraction", 1 / 3.0,
                        "sharedFiles", level.equals("p02"), "hasSolutions", false));
            }
            byte[] body = JSON.writeValueAsBytes(Map.of("suites", suites));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(201, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        Path token = Files.writeString(parent.resolve("token"), "op-token\n");
        StringWriter out = new StringWriter();
        try {
            // When
            CommandLine cli = new CommandLine(new TroupeCli()).setOut(new PrintWriter(out))
                    .setErr(new PrintWriter(out));
            int exit = cli.execute("suites", "import", dir.toString(), "--coordinator",
                    "http://127.0.0.1:" + server.getAddress().getPort(), "--token-file", token.toString());

            // Then the directory went to the task-list import as a zip, wrapped in its name, without .git
            assertThat(exit).as(out.toString()).isZero();
            assertThat(request.get()).isEqualTo("POST /api/suites/task-lists application/zip Bearer op-token");
            assertThat(uploaded).containsOnlyKeys("paper/conftest.py", "paper/p09.json", "paper/p05.json",
                    "paper/p02.json", "paper/test_p09.py", "paper/test_p05.py", "paper/test_p02.py");
            assertThat(uploaded.get("paper/p09.json")).isEqualTo(Files.readString(dir.resolve("p09.json")));
            // and each list's suite is printed
            assertThat(out.toString()).contains("3 suites imported from " + dir)
                    .containsPattern("paper-p02\\s+3\\s+2\\s+0\\.33 yes\\s+none \\(real models only")
                    .containsPattern("paper-p05\\s+3\\s+2\\s+0\\.33 no")
                    .containsPattern("paper-p09\\s+3\\s+2\\s+0\\.33 no");
        } finally {
            server.stop(0);
        }
    }

    /** The paper's layout: a task list per p-level, a test file each, one conftest.py for all. */
    static Path paperDirectory(Path dir) throws java.io.IOException {
        Files.createDirectories(dir.resolve("__pycache__"));
        Files.writeString(dir.resolve("__pycache__/conftest.cpython-312.pyc"), "junk");
        Files.writeString(dir.resolve("conftest.py"),
                "import sys, os\nsys.path.insert(0, os.path.dirname(__file__))\n");
        for (String level : List.of("p09", "p05", "p02")) {
            Files.writeString(dir.resolve(level + ".json"), """
                    {"project": "Calculator %s", "description": "A calculator.", "repository": "calc",
                     "success_criteria": ["all tests pass"],
                     "tasks": [
                       {"id": 1, "title": "Core", "description": "add", "status": "pending", "owner": null,
                        "assigned_by": null, "priority": 1, "dependencies": [], "files": ["calc/core.py"]},
                       {"id": 2, "title": "Ops", "description": "ops", "status": "pending", "owner": null,
                        "assigned_by": null, "priority": 2, "dependencies": [1], "files": ["calc/%s.py"]},
                       {"id": 3, "title": "Extra", "description": "extra", "status": "pending", "owner": null,
                        "assigned_by": null, "priority": 3, "dependencies": [1], "files": ["calc/extra.py"]}]}
                    """.formatted(level, level.equals("p02") ? "core" : "ops"));
            Files.writeString(dir.resolve("test_" + level + ".py"), "from calc.core import add\n\n"
                    + "def test_add():\n    assert add(1, 2) == 3\n");
        }
        return dir;
    }

    @Test
    void aRefusalShowsEveryProblem() throws Exception {
        // Given a coordinator that refuses the lists with two problems
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = ("{\"type\": \"" + ProblemType.INVALID_SUITE.uri() + "\", \"status\": 400, \"detail\": "
                    + "\"2 problems: a; b\", \"problems\": [\"p05.json: its test file test_p05.py is missing\", "
                    + "\"p09.json: task 2 depends on unknown task 9\"]}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(400, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        Files.writeString(parent.resolve("p05.json"), "{\"tasks\": []}");
        StringWriter out = new StringWriter();
        try {
            // When
            int exit = new CommandLine(new TroupeCli()).setOut(new PrintWriter(out)).setErr(new PrintWriter(out))
                    .execute("suites", "import", parent.toString(), "--prefix", "lists", "--coordinator",
                            "http://127.0.0.1:" + server.getAddress().getPort());

            // Then
            assertThat(exit).isEqualTo(1);
            assertThat(out.toString()).contains("/api/suites/task-lists?prefix=lists answered 400",
                    "  - p05.json: its test file test_p05.py is missing",
                    "  - p09.json: task 2 depends on unknown task 9");
        } finally {
            server.stop(0);
        }
    }
}
