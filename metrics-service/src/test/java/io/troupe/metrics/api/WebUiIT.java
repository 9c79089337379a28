package io.troupe.metrics.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.troupe.protocol.Topics;
import io.troupe.protocol.events.AgentEvent.TurnCompleted;
import io.troupe.protocol.events.RunEvent.RunFinished;
import io.troupe.protocol.events.RunEvent.RunStarted;
import io.troupe.protocol.events.TaskEvent.TaskClaimed;
import io.troupe.protocol.events.TaskEvent.TaskDone;
import io.troupe.protocol.events.TaskEvent.TaskLeaseExpired;
import io.troupe.protocol.events.TaskEvent.TaskReady;
import io.troupe.protocol.events.WorkspaceEvent.FileOverwritten;
import io.troupe.protocol.events.WorkspaceEvent.WriteConflict;
import io.troupe.testkit.KafkaResource;
import io.troupe.testkit.TestEvents;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web UI in headless Chromium (Debian's {@code chromium} and {@code chromium-driver}): a
 * finished run's Gantt and an experiment's charts render from events on the real broker.
 * Screenshots go to {@code target/screenshots}.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
class WebUiIT {
    private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private static Path profile;
    private static WebDriver browser;

    @TestHTTPResource("/")
    URL root;

    /** Signs the browser in as a viewer: the page keeps the token in its cookie. */
    @org.junit.jupiter.api.BeforeEach
    void signIn() {
        browser.get(root + "?token=" + io.troupe.testkit.TestCredentials.viewer());
    }

    @BeforeAll
    static void startChromium() throws IOException {
        profile = Files.createTempDirectory("troupe-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1400,1600", "--user-data-dir=" + profile);
        // The Debian driver, named explicitly so that Selenium Manager never tries to download one.
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stopChromium() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    /** A 10 s run on 2 agents: agent-2 loses its lease on b, agent-1 takes b over; a conflict and an overwrite. */
    private static String contestedRun(String experiment) {
        String run = "run-" + UUID.randomUUID();
        TestEvents.publish(Topics.RUN_EVENTS, new RunStarted(run, experiment, "numlib-p09", "queue", 2,
                "claude-sonnet-4-6", 2, 1, 0.9, T0));
        TestEvents.publish(Topics.TASK_EVENTS, new TaskReady(run, "a", T0));
        TestEvents.publish(Topics.TASK_EVENTS, new TaskReady(run, "b", T0));
        TestEvents.publish(Topics.TASK_EVENTS, new TaskClaimed(run, "a", "agent-1", T0));
        TestEvents.publish(Topics.TASK_EVENTS, new TaskClaimed(run, "b", "agent-2", T0.plusSeconds(1)));
        TestEvents.publish(Topics.WORKSPACE_EVENTS, new WriteConflict(run, "agent-2", "b.py", 1L, 2, "agent-1",
                T0.plusSeconds(3)));
        TestEvents.publish(Topics.TASK_EVENTS, new TaskDone(run, "a", "agent-1", T0.plusSeconds(4)));
        TestEvents.publish(Topics.TASK_EVENTS, new TaskLeaseExpired(run, "b", "agent-2", 1, 1,
                T0.plusMillis(4500)));
        TestEvents.publish(Topics.TASK_EVENTS, new TaskClaimed(run, "b", "agent-1", T0.plusSeconds(5)));
        TestEvents.publish(Topics.WORKSPACE_EVENTS, new FileOverwritten(run, "agent-1", "b.py", 3, 1L, 2, "agent-2",
                120, T0.plusSeconds(6)));
        TestEvents.publish(Topics.AGENT_EVENTS, new TurnCompleted(run, "agent-1", "a", "claude-sonnet-4-6", 1200,
                2000, 300, T0.plusSeconds(2)));
        TestEvents.publish(Topics.AGENT_EVENTS, new TurnCompleted(run, "agent-2", "b", "claude-sonnet-4-6", 4800,
                2500, 200, T0.plusSeconds(3)));
        TestEvents.publish(Topics.TASK_EVENTS, new TaskDone(run, "b", "agent-1", T0.plusSeconds(8)));
        TestEvents.publish(Topics.RUN_EVENTS, new RunFinished(run, "COMPLETED", T0.plusSeconds(10)));
        return run;
    }

    /** A finished run of one task per agent, each agent busy for the whole makespan. */
    private static void plainRun(String experiment, String architecture, int agents, int seconds, long latency) {
        String run = "run-" + UUID.randomUUID();
        TestEvents.publish(Topics.RUN_EVENTS, new RunStarted(run, experiment, "numlib-p09", architecture, agents,
                "claude-sonnet-4-6", 2, 1, 0.9, T0));
        for (int i = 1; i <= agents; i++) {
            String agent = "agent-" + i;
            TestEvents.publish(Topics.TASK_EVENTS, new TaskClaimed(run, "t" + i, agent, T0));
            TestEvents.publish(Topics.AGENT_EVENTS, new TurnCompleted(run, agent, "t" + i, "claude-sonnet-4-6",
                    latency * i, 1000, 100, T0.plusSeconds(1)));
            TestEvents.publish(Topics.TASK_EVENTS, new TaskDone(run, "t" + i, agent, T0.plusSeconds(seconds)));
        }
        if (architecture.equals("decentralized") && agents > 1) {
            TestEvents.publish(Topics.WORKSPACE_EVENTS, new WriteConflict(run, "agent-2", "m.py", 1L, 2, "agent-1",
                    T0.plusSeconds(2)));
        }
        TestEvents.publish(Topics.RUN_EVENTS, new RunFinished(run, "COMPLETED", T0.plusSeconds(seconds)));
    }

    @Test
    void runPageDrawsTheGanttOfItsAgentsWithIncidentsMarked() throws IOException {
        // Given a finished run with a lost lease, a write conflict and an overwrite
        String run = contestedRun("exp-ui-run-" + UUID.randomUUID());
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/api/runs/{r}/metrics", run)
                .then().statusCode(200).body("status", equalTo("COMPLETED")).body("tasksDone", equalTo(2))
                .body("overwrites", equalTo(1)).body("leaseExpiries", equalTo(1)).body("writeConflicts", equalTo(1))
                .body("turns", equalTo(2)));

        // When the run's page is opened
        browser.get(root + "run.html?id=" + run);
        WebElement gantt = rendered("gantt-box");

        // Then the Gantt has a row per agent, bars for the tasks and the incidents marked
        WebElement canvas = gantt.findElement(By.tagName("canvas"));
        assertThat(canvas.getSize().getWidth()).isPositive();
        assertThat(canvas.getSize().getHeight()).isPositive();
        assertThat(script("return Chart.getChart('gantt').data.labels")).isEqualTo(List.of("agent-1", "agent-2"));
        assertThat(datasetSizes("gantt")).containsExactly(
                Map.entry("write conflict", 1L), Map.entry("overwrite", 1L), Map.entry("lease expired", 1L),
                Map.entry("critical path", 2L), Map.entry("task (claimed → done)", 2L),
                Map.entry("task (lease lost)", 1L),
                Map.entry("task (open at the end)", 0L));
        // And the metrics and per-agent tables show what the service computed
        assertThat(browser.findElement(By.id("metrics-table")).getText()).contains("COMPLETED")
                .contains("makespan (s) 10");
        assertThat(browser.findElement(By.id("agents-table")).getText()).contains("agent-1").contains("agent-2");
        assertThat(browser.findElement(By.id("board-table")).getText()).contains("b DONE agent-1");
        // And the critical path: a, then b, which sat in the queue for 1 s after a
        assertThat(browser.findElement(By.id("critical-chain")).getText())
                .contains("a on agent-1, 0–4 s, started with the run")
                .contains("b on agent-1, 5–8 s, waited in the queue (after a)");
        assertThat(browser.findElement(By.id("critical-breakdown")).getText()).contains("queue wait");
        assertThat(browser.findElements(By.cssSelector(".error"))).isEmpty();
        screenshot("run.png");
    }

    @Test
    void experimentPageDrawsSpeedupConflictsAndStragglerCharts() throws IOException {
        // Given an experiment with n = 1, 2, 3 in two architectures
        String experiment = "exp-ui-" + UUID.randomUUID();
        plainRun(experiment, "queue", 1, 40, 1000);
        plainRun(experiment, "queue", 2, 24, 1000);
        plainRun(experiment, "queue", 3, 12, 1000);
        plainRun(experiment, "decentralized", 1, 40, 1000);
        plainRun(experiment, "decentralized", 2, 30, 1500);
        plainRun(experiment, "decentralized", 3, 25, 1500);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given()
                .get("/api/experiments/{e}/summary", experiment)
                .then().statusCode(200).body("finishedRuns", equalTo(6)).body("cells.size()", equalTo(6)));
        given().get("/api/experiments/{e}/summary", experiment).then()
                .body("cells.find { it.architecture == 'queue' && it.agents == 3 }.stragglerGapSeconds.mean",
                        equalTo(1.0f));

        // When the experiment's page is opened
        browser.get(root + "experiment.html?id=" + experiment);

        // Then its three charts render, with both architectures and the suite's Amdahl curve
        for (String box : List.of("speedup-box", "conflicts-box", "straggler-box")) {
            WebElement canvas = rendered(box).findElement(By.tagName("canvas"));
            assertThat(canvas.getSize().getWidth()).as(box).isPositive();
            assertThat(canvas.getSize().getHeight()).as(box).isPositive();
        }
        assertThat(datasetSizes("speedup")).containsKeys("numlib-p09 · decentralized", "numlib-p09 · queue",
                "numlib-p09 · queue: limit of its task times", "limit numlib-p09: N / max(CP, ⌈N/n⌉)",
                "Amdahl numlib-p09 (p = 0.90): the paper's prediction, not a limit");
        assertThat(datasetSizes("speedup").get("numlib-p09 · queue")).isEqualTo(3L);
        assertThat(datasetSizes("speedup").get("limit numlib-p09: N / max(CP, ⌈N/n⌉)")).isEqualTo(3L);
        // And queue at n = 3 (40 s / 12 s = 3.33) beat the single agent's 40 s shared by three (13.3 s): above the
        // limit of its task times, 40 / max(12, 13.3) = 3.00, so marked and counted
        assertThat(browser.findElement(By.id("limit-check")).getText())
                .isEqualTo("1 of 6 cells above the real limit (must be 0).");
        assertThat(browser.findElements(By.cssSelector("#cells-table tbody tr.above-limit"))).singleElement()
                .satisfies(row -> assertThat(row.getText()).contains("queue 3").contains("▲ 3.33"));
        assertThat(script("return Chart.getChart('conflicts').data.labels"))
                .isEqualTo(List.of("decentralized", "queue"));
        // And the cost-speedup table has a row per cell
        assertThat(browser.findElements(By.cssSelector("#cells-table tbody tr"))).hasSize(6);
        assertThat(browser.findElements(By.cssSelector(".error"))).isEmpty();
        screenshot("experiment.png");

        // And the runs list, filtered to the experiment, lists its six runs
        browser.get(root + "?experiment=" + experiment);
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#runs-table tbody tr"), 6));
        // And choosing an architecture narrows it to that architecture's three runs
        new Select(browser.findElement(By.id("f-architecture"))).selectByValue("queue");
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#runs-table tbody tr"), 3));
        assertThat(browser.findElement(By.id("count")).getText()).startsWith("3 of ");
        screenshot("runs.png");
    }

    private WebElement rendered(String id) {
        return new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#" + id + "[data-rendered='true']")));
    }

    private Object script(String js) {
        return ((JavascriptExecutor) browser).executeScript(js);
    }

    /** Each dataset of the chart on canvas {@code id} with its number of points, in order. */
    @SuppressWarnings("unchecked")
    private Map<String, Long> datasetSizes(String id) {
        List<List<Object>> pairs = (List<List<Object>>) script("return Chart.getChart('" + id + "').data.datasets"
                + ".map(d => [d.label, d.data.length])");
        Map<String, Long> sizes = new LinkedHashMap<>();
        pairs.forEach(p -> sizes.put((String) p.get(0), (Long) p.get(1)));
        return sizes;
    }

    private static void screenshot(String name) throws IOException {
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(SCREENSHOTS.resolve(name), png);
    }
}
