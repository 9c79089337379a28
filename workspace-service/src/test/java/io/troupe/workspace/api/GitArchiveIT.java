package io.troupe.workspace.api;

import static io.restassured.RestAssured.given;
import static io.troupe.workspace.api.Workspaces.PROBLEM_JSON;
import static io.troupe.workspace.api.Workspaces.create;
import static io.troupe.workspace.api.Workspaces.createFile;
import static io.troupe.workspace.api.Workspaces.newRunId;
import static io.troupe.workspace.api.Workspaces.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.troupe.testkit.KafkaResource;
import io.troupe.testkit.PostgresResource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run's history as a git bundle: one commit per accepted version, by the agent that wrote it. */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
class GitArchiveIT {

    @TempDir
    Path scratch;

    @Test
    void theBundleHasOneCommitPerAcceptedVersionAuthoredByItsAgentWithTheFilesAsTheyWere() throws Exception {
        // Given: a seed file, two agents writing, a refused write and a delete
        String run = newRunId();
        create(run, Map.of("README.md", "# project\n")).then().statusCode(201);
        createFile(run, "src/app.py", "agent-1", "x = 1\n").then().statusCode(201);
        update(run, "src/app.py", "agent-2", "x = 2\n", 1).then().statusCode(200);
        update(run, "src/app.py", "agent-1", "x = 3\n", 1).then().statusCode(412);
        createFile(run, "tests/test_app.py", "agent-1", "def test_x():\n    pass\n").then().statusCode(201);
        given().header("Troupe-Agent", "agent-2").header("If-Match", "\"1\"")
                .delete("/api/runs/{run}/files/README.md", run).then().statusCode(200);

        // When
        byte[] bundle = given().get("/api/runs/{run}/archive.git", run).then().statusCode(200)
                .contentType("application/x-git-bundle").header("Troupe-Commits", "5")
                .extract().asByteArray();
        Path file = Files.write(scratch.resolve("run.bundle"), bundle);
        try (Git git = Git.cloneRepository().setURI(file.toString()).setDirectory(scratch.resolve("clone").toFile())
                .call()) {
            // Then: git log, oldest first
            List<RevCommit> log = new ArrayList<>();
            git.log().call().forEach(log::add);
            java.util.Collections.reverse(log);
            assertThat(log).extracting(c -> c.getAuthorIdent().getName(), c -> c.getAuthorIdent().getEmailAddress(),
                    RevCommit::getShortMessage).containsExactly(
                    tuple("coordinator", "agent@troupe.invalid", "Write README.md (version 1)"),
                    tuple("agent-1", "agent@troupe.invalid", "Write src/app.py (version 1)"),
                    tuple("agent-2", "agent@troupe.invalid", "Update src/app.py (version 2, based on 1)"),
                    tuple("agent-1", "agent@troupe.invalid", "Write tests/test_app.py (version 1)"),
                    tuple("agent-2", "agent@troupe.invalid", "Delete README.md (version 2, based on 1)"));
            assertThat(log.get(2).getAuthorIdent().getWhenAsInstant())
                    .isEqualTo(versionTime(run, "src/app.py", 1).truncatedTo(ChronoUnit.SECONDS));
            Repository repo = git.getRepository();
            assertThat(content(repo, log.get(1), "src/app.py")).isEqualTo("x = 1\n");
            assertThat(content(repo, log.get(1), "README.md")).isEqualTo("# project\n");
            assertThat(content(repo, log.get(2), "src/app.py")).isEqualTo("x = 2\n");
            assertThat(content(repo, log.get(4), "README.md")).isNull();
            // the checkout is the head tree
            Path work = scratch.resolve("clone");
            assertThat(Files.readString(work.resolve("src/app.py"))).isEqualTo("x = 2\n");
            assertThat(Files.readString(work.resolve("tests/test_app.py"))).isEqualTo("def test_x():\n    pass\n");
            assertThat(work.resolve("README.md")).doesNotExist();
        }
    }

    @Test
    void anUnknownRunOrOneWithoutVersionsHasNoBundle() {
        given().get("/api/runs/{run}/archive.git", "no-such-run").then().statusCode(404).contentType(PROBLEM_JSON)
                .body("detail", containsString("has no workspace"));
        String run = newRunId();
        create(run, Map.of()).then().statusCode(201);
        given().get("/api/runs/{run}/archive.git", run).then().statusCode(409).contentType(PROBLEM_JSON)
                .body("type", endsWith("/empty-workspace")).body("detail", containsString("write a file first"));
    }

    private static Instant versionTime(String run, String path, int index) {
        return Instant.parse(given().get("/api/runs/{run}/files/" + path + "/versions", run).then().statusCode(200)
                .extract().jsonPath().getString("[" + index + "].time"));
    }

    private static String content(Repository repo, RevCommit commit, String path) throws IOException {
        try (TreeWalk walk = TreeWalk.forPath(repo, path, commit.getTree())) {
            return walk == null ? null
                    : new String(repo.open(walk.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
        }
    }
}
