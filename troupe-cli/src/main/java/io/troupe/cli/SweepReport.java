package io.troupe.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.troupe.protocol.experiment.CellSummaries;
import io.troupe.protocol.experiment.ExperimentSummary;
import io.troupe.protocol.experiment.RunSample;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sweep's self-contained HTML report: its cells (median and interquartile range, the reference
 * lines, the cells above the real limit marked) and runs, and their charts (speedup with IQR whiskers,
 * the task graph's real limit, the task-time limit and Amdahl's prediction; token multiplier;
 * conflicts; straggler gap) drawn by Chart.js, which is inlined so the file opens anywhere without a
 * network. Every figure comes from {@link CellSummaries}; the page only draws.
 */
public final class SweepReport {
    private static final String CHART_JS = "META-INF/resources/webjars/chart.js/4.4.1/dist/chart.umd.js";
    private static final ObjectMapper JSON = new ObjectMapper();

    private SweepReport() {
    }

    public static Path write(Path file, String experiment, String description, List<SweepRow> rows) {
        return write(file, description, SweepTable.summarize(experiment, rows), rows);
    }

    public static Path write(Path file, String description, ExperimentSummary summary, List<SweepRow> rows) {
        String html = resource("io/troupe/cli/report.html")
                .replace("__CHARTJS__", resource(CHART_JS).replace("</script", "<\\/script"))
                .replace("__EXPERIMENT__", escape(summary.experimentId()))
                .replace("__DESCRIPTION__", escape(description))
                .replace("__DATA__", data(summary, rows).replace("</", "<\\/"));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, html);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report " + file, e);
        }
    }

    static String data(ExperimentSummary summary, List<SweepRow> rows) {
        Map<CellSummaries.Cell, CellSummaries.Baseline> baselines = CellSummaries.baselines(
                rows.stream().map(SweepRow::sample).toList());
        List<Map<String, Object>> runData = new ArrayList<>();
        for (SweepRow r : rows) {
            RunSample sample = r.sample();
            CellSummaries.Baseline baseline = baselines.get(CellSummaries.Cell.of(sample).baseline());
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("suite", r.suite());
            run.put("architecture", r.architecture());
            run.put("agents", r.agents());
            run.put("seed", r.seed());
            run.put("runId", r.runId());
            run.put("status", r.status());
            run.put("makespanSeconds", round(sample.makespanSeconds()));
            run.put("speedup", round(CellSummaries.speedup(sample, baseline)));
            run.put("taskTimeLimit", round(CellSummaries.taskTimeLimit(sample, baseline)));
            run.put("inputTokens", sample.inputTokens());
            run.put("outputTokens", sample.outputTokens());
            run.put("tokenMultiplier", round(CellSummaries.tokenMultiplier(sample, baseline)));
            run.put("writeConflicts", sample.writeConflicts());
            run.put("stragglerGapSeconds", round(sample.stragglerGapSeconds()));
            run.put("modelShareOfCriticalPath", round(sample.criticalPathModelShare()));
            run.put("finalTests", r.testsTotal() == SweepRow.NOT_TESTED ? null
                    : r.testsPassed() + "/" + r.testsTotal());
            runData.add(run);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("cells", summary.cells());
        data.put("cellsAboveLimit", summary.cellsAboveLimit());
        data.put("runs", runData);
        try {
            return JSON.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Double round(Double v) {
        return v == null ? null : Math.round(v * 1000) / 1000.0;
    }

    private static String resource(String name) {
        try (InputStream in = SweepReport.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
