package io.troupe.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.troupe.agent.config.AgentConfig;
import io.troupe.testkit.KafkaResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The fault test of the local default store: the coordinator's process is killed (SIGKILL) in the
 * middle of runs of every architecture, its embedded PostgreSQL dies with it, and both are started
 * again on the same data, over and over. A commit the coordinator acknowledged before the kill
 * (a task DONE, with its {@code TaskDone} in the outbox) must survive it: every task is DONE on the
 * board with exactly one {@code TaskDone} on Kafka (distinct CloudEvents ids: a resend is one fact),
 * even when the kill fell between the commit and the relay's send, and every run completes.
 *
 * <p>One run of each architecture goes side by side (a suite of 21 tasks); each time every run has
 * done another task, the coordinator is killed. A run that had ended, or had all its tasks DONE, at a
 * kill does not count as killed mid-run: it is checked and replaced by a new run of its architecture
 * at once, so every architecture has a run in flight at each kill. The kills go on until every
 * architecture has {@code -Dtroupe.it.coordinator-kills} (default {@value #DEFAULT_KILLS}) mid-run
 * kills, with a few kills of slack.
 */
@QuarkusTest
@TestProfile(TeamRuns.NineWorkers.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(PeersResource.class)
@WithTestResource(StubLlmResource.class)
class CoordinatorKillIT {
    static final String KILLS_PROPERTY = "troupe.it.coordinator-kills";
    static final int DEFAULT_KILLS = 10;

    @Inject
    AgentConfig config;

    @Test
    void killingTheCoordinatorAndItsEmbeddedDatabaseMidRunNeverMakesATaskDoneTwice() {
        TeamRuns team = new TeamRuns(config.coordinatorUrl());
        int kills = Integer.getInteger(KILLS_PROPERTY, DEFAULT_KILLS);
        team.awaitOnlyThisServicesAgentsIdle();
        Map<String, Integer> midRunKills = new TreeMap<>();
        TeamRuns.ARCHITECTURES.forEach(a -> midRunKills.put(a, 0));
        Instant begin = Instant.now();
        int killed = 0;
        int started = 0;
        // Given one run of each architecture side by side (an ended run is checked and replaced at once, so
        // every architecture has a run in flight at every kill)
        Map<String, String> runs = new LinkedHashMap<>();
        Map<String, Long> doneAtLastKill = new LinkedHashMap<>();
        for (String architecture : TeamRuns.ARCHITECTURES) {
            runs.put(architecture, team.startRunForTwo(architecture));
            started++;
        }
        while (midRunKills.values().stream().anyMatch(n -> n < kills)) {
            assertThat(killed).as("kills for %d mid-run kills per architecture (so far %s)", kills, midRunKills)
                    .isLessThan(kills + 5);
            // each of which has done a task since the last kill (or has ended)
            try {
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                        .until(() -> runs.values().stream().allMatch(id -> {
                            JsonPath view = team.runView(id);
                            return TeamRuns.ended(view)
                                    || TeamRuns.doneTasks(view) > doneAtLastKill.getOrDefault(id, 0L);
                        }));
            } catch (ConditionTimeoutException e) {
                // Name the runs that made no progress, and where each of their tasks is, so a failure in CI
                // says which architecture stalled and on what.
                StringBuilder stalled = new StringBuilder();
                runs.forEach((a, id) -> stalled.append('\n').append(a).append(' ').append(team.describe(id)));
                throw new AssertionError("after kill " + killed + " (mid-run kills " + midRunKills + "), a run did no "
                        + "task within 90 s:" + stalled, e);
            }
            Map<String, JsonPath> atKill = new LinkedHashMap<>();
            runs.forEach((a, id) -> atKill.put(a, team.runView(id)));

            // When the coordinator is killed (its database with it) and started again on the same data
            long database = PeersResource.coordinatorDatabasePid();
            PeersResource.restartCoordinator();
            killed++;
            assertThat(ProcessHandle.of(database).filter(ProcessHandle::isAlive))
                    .as("the killed coordinator's embedded PostgreSQL (pid %d) is gone", database).isEmpty();
            for (var entry : atKill.entrySet()) {
                String architecture = entry.getKey();
                JsonPath view = entry.getValue();
                long done = TeamRuns.doneTasks(view);
                boolean over = TeamRuns.ended(view) || done == view.getList("tasks").size();
                if (!over) {
                    midRunKills.merge(architecture, 1, Integer::sum);
                }
                doneAtLastKill.put(view.getString("id"), done);
                if (over) {
                    // Then the run completes, and none of its tasks was DONE twice
                    team.awaitCompletedDoneOnceEach(architecture, runs.get(architecture), TeamRuns.RUN_LIMIT);
                    if (midRunKills.get(architecture) < kills) {
                        runs.put(architecture, team.startRunForTwo(architecture));
                        started++;
                    } else {
                        runs.remove(architecture);
                    }
                }
            }
        }
        // Then every run still going completes, and no task of any run was DONE twice
        runs.forEach((architecture, runId) -> team.awaitCompletedDoneOnceEach(architecture, runId,
                TeamRuns.RUN_LIMIT));
        System.out.printf("coordinator kill test: %d kills, mid-run kills per architecture %s, %d runs, %d s%n",
                killed, midRunKills, started, Duration.between(begin, Instant.now()).toSeconds());
    }
}
