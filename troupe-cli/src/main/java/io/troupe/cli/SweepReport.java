package io.troupe.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * The sweep's self-contained HTML report: the runs and their charts (speedup with the Amdahl
 * bound, token multiplier, conflicts, straggler gap) drawn by Chart.js, which is inlined so the file opens
 * anywhere without a network.
 */
public final class SweepReport {
    private static final String CHART_JS = "META-INF/resources/webjars/chart.js/4.4.1/dist/chart.umd.js";
    private static final ObjectMapper JSON = new ObjectMapper();

    private SweepReport() {
    }

    public static Path write(Path file, String experiment, String description, List<SweepRow> rows) {
        String html = resource("io/troupe/cli/report.html")
                .replace("__CHARTJS__", resource(CHART_JS).replace("</script", "<\\/script"))
                .replace("__EXPERIMENT__", escape(experiment))
                .replace("__DESCRIPTION__", escape(description))
                .replace("__DATA__", data(rows).replace("</", "<\\/"));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, html);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report " + file, e);
        }
    }

    static String data(List<SweepRow> rows) {
        Map<String, List<SweepRow>> families = new TreeMap<>();
        rows.forEach(r -> families.computeIfAbsent(r.suite() + "\u0000" + r.architecture(), k -> new ArrayList<>())
                .add(r));
        List<Map<String, Object>> familyData = new ArrayList<>();
        families.values().forEach(members -> {
            Map<Integer, List<SweepRow>> byN = new TreeMap<>();
            members.forEach(r -> byN.computeIfAbsent(r.agents(), n -> new ArrayList<>()).add(r));
            List<Map<String, Object>> points = new ArrayList<>();
            byN.forEach((n, runs) -> {
                Map<String, Object> point = new LinkedHashMap<>();
                point.put("n", n);
                point.put("speedup", mean(runs.stream().map(r -> speedup(rows, r)).toList()));
                point.put("tokenMultiplier", mean(runs.stream().map(r -> tokenMultiplier(rows, r)).toList()));
                point.put("amdahl", runs.getFirst().amdahlBound());
                point.put("stragglerGap", mean(runs.stream().map(SweepRow::stragglerGapSeconds).toList()));
                points.add(point);
            });
            SweepRow first = members.getFirst();
            familyData.add(Map.of("suite", first.suite(), "architecture", first.architecture(), "points", points));
        });
        List<Map<String, Object>> runData = new ArrayList<>();
        for (SweepRow r : rows) {
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("suite", r.suite());
            run.put("architecture", r.architecture());
            run.put("agents", r.agents());
            run.put("status", r.status());
            run.put("makespanSeconds", r.makespanSeconds());
            run.put("speedup", round(speedup(rows, r)));
            run.put("amdahl", round(r.amdahlBound()));
            run.put("inputTokens", r.inputTokens());
            run.put("outputTokens", r.outputTokens());
            run.put("tokenMultiplier", round(tokenMultiplier(rows, r)));
            run.put("writeConflicts", r.writeConflicts());
            run.put("stragglerGapSeconds", round(r.stragglerGapSeconds()));
            run.put("finalTests", r.testsTotal() == SweepRow.NOT_TESTED ? null : r.testsPassed() + "/" + r.testsTotal());
            runData.add(run);
        }
        try {
            return JSON.writeValueAsString(Map.of("families", familyData, "runs", runData));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Double speedup(List<SweepRow> rows, SweepRow r) {
        OptionalDouble base = SweepTable.baseline(rows, r, SweepRow::makespanSeconds);
        return base.isPresent() ? r.speedupOver(base.getAsDouble()) : null;
    }

    private static Double tokenMultiplier(List<SweepRow> rows, SweepRow r) {
        OptionalDouble base = SweepTable.baseline(rows, r, row -> (double) row.tokens());
        return base.isPresent() && base.getAsDouble() > 0 ? r.tokens() / base.getAsDouble() : null;
    }

    private static Double mean(List<Double> values) {
        OptionalDouble m = values.stream().filter(v -> v != null).mapToDouble(Double::doubleValue).average();
        return m.isPresent() ? round(m.getAsDouble()) : null;
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
