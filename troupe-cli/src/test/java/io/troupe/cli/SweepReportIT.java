package io.troupe.cli;

import static io.troupe.cli.SweepRows.row;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep's HTML report opens in headless Chromium (Debian's) and draws its four charts. */
class SweepReportIT {

    @TempDir
    Path dir;

    @Test
    void reportRendersItsChartsInChromiumWithoutANetworkAndMarksACellAboveTheLimit() throws Exception {
        // Given two architectures at n = 1 and 3, two repetitions each; queue at n = 3 is 28.8 / 4.9 = 5.88x
        List<SweepRow> rows = List.of(
                row("preassigned", 1, 1, 10, 1000, 21, 21), row("preassigned", 1, 2, 12, 1000, 21, 21),
                row("preassigned", 3, 1, 5, 1100, 21, 21), row("preassigned", 3, 2, 6, 1300, 21, 21),
                row("queue", 1, 1, 28.8, 1000, 21, 21), row("queue", 3, 1, 4.9, 1300, 21, 21));
        Path report = SweepReport.write(dir.resolve("report.html"), "sweep-test", "a test sweep", rows);

        // When Chromium loads it (no network: Chart.js is inlined) and prints the DOM after its scripts ran
        Path out = dir.resolve("dom.html");
        Process chromium = new ProcessBuilder("chromium", "--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--user-data-dir=" + dir.resolve("profile"),
                "--window-size=1280,1600", "--dump-dom", report.toUri().toString())
                .redirectOutput(out.toFile()).redirectError(dir.resolve("chromium.err").toFile()).start();
        assertThat(chromium.waitFor(90, TimeUnit.SECONDS)).as("chromium finished").isTrue();

        // Then the page says its four charts drew on canvases of non-zero size, and the tables have every cell
        // and run, the cell above its limit marked and counted
        String dom = Files.readString(out);
        assertThat(dom).as("DOM; chromium said: %s", Files.readString(dir.resolve("chromium.err")))
                .contains("data-rendered=\"true\"");
        assertThat(dom).contains("<td>queue</td>").contains("<td>5.878</td>")
                .contains("<tr class=\"above-limit\"><td>numlib-p09</td><td>queue</td><td>3</td>")
                .contains("\u25B2 5.88").contains("1 of 4 cells above the real limit (must be 0).");
        assertThat(Files.readString(report)).doesNotContain("src=\"http");
    }

    @Test
    void theDataAreTheCellSummariesAndEachRunAgainstTheSingleAgentRunOfItsSeedElseTheMedian() {
        // Given n = 1 with seeds 1-3 (10, 12, 30 s) and n = 2 with seed 4, which no n = 1 run has
        List<SweepRow> rows = List.of(row("preassigned", 1, 1, 10, 1000, 1, 1),
                row("preassigned", 1, 2, 12, 1000, 1, 1), row("preassigned", 1, 3, 30, 1000, 1, 1),
                row("preassigned", 2, 4, 6, 1500, 1, 1));

        String data = SweepReport.data(SweepTable.summarize("exp", rows), rows);

        assertThat(data).contains("\"agents\":2,\"runs\":1,\"completed\":1").contains("\"speedupLimit\":2.0")
                .contains("\"speedup\":{\"count\":1,\"median\":2.0,\"q1\":2.0,\"q3\":2.0")
                .contains("\"aboveLimit\":false").contains("\"cellsAboveLimit\":0")
                .contains("\"seed\":3,\"runId\":\"r-preassigned-1-3-30.0\",\"status\":\"COMPLETED\","
                        + "\"makespanSeconds\":30.0,\"speedup\":1.0")
                .contains("\"seed\":4,\"runId\":\"r-preassigned-2-4-6.0\",\"status\":\"COMPLETED\","
                        + "\"makespanSeconds\":6.0,\"speedup\":2.0");
    }
}
