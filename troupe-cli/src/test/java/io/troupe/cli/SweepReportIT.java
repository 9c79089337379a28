package io.troupe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep's HTML report opens in headless Chromium (Debian's) and draws its three charts. */
class SweepReportIT {

    @TempDir
    Path dir;

    @Test
    void reportRendersItsChartsInChromiumWithoutANetwork() throws Exception {
        // Given a report of two architectures at n = 1 and 2
        List<SweepRow> rows = List.of(
                new SweepRow("tiny", "preassigned", 1, "r1", "COMPLETED", 10, 1.0, 1000, 100, 0, null, 21, 21),
                new SweepRow("tiny", "preassigned", 2, "r2", "COMPLETED", 6, 1.25, 1100, 110, 1, 0.5, 21, 21),
                new SweepRow("tiny", "queue", 1, "r3", "COMPLETED", 11, 1.0, 1000, 100, 0, null, 21, 21),
                new SweepRow("tiny", "queue", 2, "r4", "COMPLETED", 7, 1.25, 1300, 120, 2, 1.5, 21, 21));
        Path report = SweepReport.write(dir.resolve("report.html"), "sweep-test", "a test sweep", rows);

        // When Chromium loads it (no network: Chart.js is inlined) and prints the DOM after its scripts ran
        Path out = dir.resolve("dom.html");
        Process chromium = new ProcessBuilder("chromium", "--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--user-data-dir=" + dir.resolve("profile"),
                "--window-size=1280,1600", "--dump-dom", report.toUri().toString())
                .redirectOutput(out.toFile()).redirectError(dir.resolve("chromium.err").toFile()).start();
        assertThat(chromium.waitFor(90, TimeUnit.SECONDS)).as("chromium finished").isTrue();

        // Then the page says its four charts drew on canvases of non-zero size, and the table has every run
        String dom = Files.readString(out);
        assertThat(dom).as("DOM; chromium said: %s", Files.readString(dir.resolve("chromium.err")))
                .contains("data-rendered=\"true\"");
        assertThat(dom).contains("<td>queue</td>").contains("<td>1.571</td>");
        assertThat(Files.readString(report)).doesNotContain("src=\"http");
    }

    @Test
    void speedupPointsAreMeansAgainstTheSingleAgentRunsOfTheirArchitecture() {
        List<SweepRow> rows = List.of(
                new SweepRow("s", "preassigned", 1, "r1", "COMPLETED", 10, 1.0, 1000, 0, 0, null, 1, 1),
                new SweepRow("s", "preassigned", 1, "r2", "COMPLETED", 12, 1.0, 1000, 0, 0, null, 1, 1),
                new SweepRow("s", "preassigned", 2, "r3", "COMPLETED", 5.5, 1.25, 1500, 0, 0, null, 1, 1));

        String data = SweepReport.data(rows);

        assertThat(data).contains(
                "{\"n\":2,\"speedup\":2.0,\"tokenMultiplier\":1.5,\"amdahl\":1.25,\"stragglerGap\":null}");
    }
}
