package io.troupe.cli.paper;

import io.troupe.protocol.experiment.Spread;
import io.troupe.protocol.suite.Bounds;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Troupe's cells beside the paper's: each metric in or out of a stated band around the paper's median, and
 * the paper's qualitative findings checked on both sides. The bands are wide because the paper's own cells
 * are: its median interquartile range of speedup is about half the median.
 */
public final class PaperComparison {
    /** A speedup agrees within 25 % of the paper's median. */
    static final double SPEEDUP_BAND = 0.25;
    /** A token multiplier agrees within 30 % of the paper's median. */
    static final double TOKEN_BAND = 0.30;
    /** A success rate agrees within 0.15 of the paper's. */
    static final double SUCCESS_BAND = 0.15;
    /** Concurrent writes (median per run) agree within 50 % of the paper's median, or within 3 writes. */
    static final double WRITES_BAND = 0.50;
    static final double WRITES_SLACK = 3;
    /** At least this share of the cells must agree on every metric. */
    static final double CELLS_AGREEING = 0.80;

    private PaperComparison() {
    }

    /** One metric of one cell: the paper's median, Troupe's, and whether Troupe's is in the band. */
    public record Metric(String name, double paper, double troupe, boolean inBand) {
    }

    /** One cell compared; {@code agrees} when every metric is in its band. */
    public record Row(PaperCells.Key key, int paperRuns, int troupeRuns, List<Metric> metrics) {
        public boolean agrees() {
            return metrics.stream().allMatch(Metric::inBand);
        }
    }

    /** A qualitative finding of the paper, checked on its cells and on Troupe's. */
    public record Finding(String name, boolean paper, boolean troupe) {
    }

    /** The whole comparison. */
    public record Result(List<Row> rows, List<Finding> findings) {
        public long agreeing() {
            return rows.stream().filter(Row::agrees).count();
        }

        /** Enough cells agree and every finding holds for Troupe. */
        public boolean passes() {
            return !rows.isEmpty() && agreeing() >= CELLS_AGREEING * rows.size()
                    && findings.stream().allMatch(Finding::troupe);
        }
    }

    /** Compares the cells both sides have. */
    public static Result compare(List<PaperCells.Cell> paper, List<PaperCells.Cell> troupe) {
        Map<PaperCells.Key, PaperCells.Cell> ours = troupe.stream()
                .collect(Collectors.toMap(PaperCells.Cell::key, Function.identity()));
        List<Row> rows = new ArrayList<>();
        for (PaperCells.Cell theirs : paper) {
            PaperCells.Cell mine = ours.get(theirs.key());
            if (mine == null) {
                continue;
            }
            List<Metric> metrics = new ArrayList<>();
            metrics.add(relative("speedup", median(theirs.speedup()), median(mine.speedup()), SPEEDUP_BAND, 0));
            metrics.add(relative("token multiplier", median(theirs.tokenMultiplier()),
                    median(mine.tokenMultiplier()), TOKEN_BAND, 0));
            metrics.add(relative("concurrent writes", median(theirs.concurrentWrites()),
                    median(mine.concurrentWrites()), WRITES_BAND, WRITES_SLACK));
            metrics.add(new Metric("success", theirs.successRate(), mine.successRate(),
                    Math.abs(mine.successRate() - theirs.successRate()) <= SUCCESS_BAND));
            rows.add(new Row(theirs.key(), theirs.runs(), mine.runs(), metrics));
        }
        return new Result(rows, List.of(
                finding("preassigned p = 0.9 below Amdahl's prediction at n = 2..5", paper, troupe,
                        PaperComparison::preassignedBelowAmdahl),
                finding("decentralized below 1 at n >= 3, every p", paper, troupe,
                        PaperComparison::decentralizedSlowerThanOne),
                finding("token multiplier above 1 at n >= 2 and higher at n = 5 than at n = 2", paper, troupe,
                        PaperComparison::tokensRiseWithN),
                finding("decentralized concurrent writes far above preassigned (mean over n >= 2, > 5x and > 1)",
                        paper, troupe, PaperComparison::decentralizedConflictsMore),
                finding("decentralized success lower at n = 5 than at n = 1 for every p, and at n = 5 lower "
                        + "for p = 0.2 than for p = 0.9", paper, troupe, PaperComparison::decentralizedSuccessFalls)));
    }

    private static Finding finding(String name, List<PaperCells.Cell> paper, List<PaperCells.Cell> troupe,
                                   Predicate<List<PaperCells.Cell>> holds) {
        return new Finding(name, holds.test(paper), holds.test(troupe));
    }

    private static Metric relative(String name, double paper, double troupe, double band, double slack) {
        double allowed = Math.max(Math.abs(paper) * band, slack);
        return new Metric(name, paper, troupe, Math.abs(troupe - paper) <= allowed);
    }

    private static double median(Spread spread) {
        return spread == null ? Double.NaN : spread.median();
    }

    private static Optional<PaperCells.Cell> cell(List<PaperCells.Cell> cells, String mode, String p, int n) {
        return cells.stream().filter(c -> c.mode().equals(mode) && c.p().equals(p) && c.n() == n).findFirst();
    }

    private static List<String> levels(List<PaperCells.Cell> cells, String mode) {
        return cells.stream().filter(c -> c.mode().equals(mode)).map(PaperCells.Cell::p).distinct().toList();
    }

    static boolean preassignedBelowAmdahl(List<PaperCells.Cell> cells) {
        List<PaperCells.Cell> seen = new ArrayList<>();
        for (int n = 2; n <= 5; n++) {
            cell(cells, PaperRun.PREASSIGNED, "p09", n).ifPresent(seen::add);
        }
        return !seen.isEmpty() && seen.stream().allMatch(c -> median(c.speedup()) < Bounds.amdahl(0.9, c.n()));
    }

    static boolean decentralizedSlowerThanOne(List<PaperCells.Cell> cells) {
        List<PaperCells.Cell> seen = cells.stream()
                .filter(c -> c.mode().equals(PaperRun.DECENTRALIZED) && c.n() >= 3).toList();
        return !seen.isEmpty() && seen.stream().allMatch(c -> median(c.speedup()) < 1);
    }

    static boolean tokensRiseWithN(List<PaperCells.Cell> cells) {
        boolean any = false;
        for (String mode : List.of(PaperRun.PREASSIGNED, PaperRun.DECENTRALIZED)) {
            for (String p : levels(cells, mode)) {
                Optional<PaperCells.Cell> two = cell(cells, mode, p, 2);
                Optional<PaperCells.Cell> five = cell(cells, mode, p, 5);
                if (two.isEmpty() || five.isEmpty()) {
                    continue;
                }
                any = true;
                boolean aboveOne = cells.stream().filter(c -> c.mode().equals(mode) && c.p().equals(p) && c.n() >= 2)
                        .allMatch(c -> median(c.tokenMultiplier()) > 1);
                if (!aboveOne || median(five.get().tokenMultiplier()) <= median(two.get().tokenMultiplier())) {
                    return false;
                }
            }
        }
        return any;
    }

    static boolean decentralizedConflictsMore(List<PaperCells.Cell> cells) {
        List<String> levels = levels(cells, PaperRun.DECENTRALIZED);
        boolean any = false;
        for (String p : levels) {
            double decentralized = meanWrites(cells, PaperRun.DECENTRALIZED, p);
            double preassigned = meanWrites(cells, PaperRun.PREASSIGNED, p);
            if (Double.isNaN(decentralized) || Double.isNaN(preassigned)) {
                continue;
            }
            any = true;
            if (decentralized <= 1 || decentralized <= 5 * preassigned) {
                return false;
            }
        }
        return any;
    }

    private static double meanWrites(List<PaperCells.Cell> cells, String mode, String p) {
        List<PaperCells.Cell> teams = cells.stream()
                .filter(c -> c.mode().equals(mode) && c.p().equals(p) && c.n() >= 2 && c.concurrentWrites() != null)
                .toList();
        int runs = teams.stream().mapToInt(c -> c.concurrentWrites().count()).sum();
        return runs == 0 ? Double.NaN
                : teams.stream().mapToDouble(c -> c.concurrentWrites().mean() * c.concurrentWrites().count()).sum()
                / runs;
    }

    static boolean decentralizedSuccessFalls(List<PaperCells.Cell> cells) {
        List<String> levels = levels(cells, PaperRun.DECENTRALIZED);
        boolean any = false;
        for (String p : levels) {
            Optional<PaperCells.Cell> one = cell(cells, PaperRun.DECENTRALIZED, p, 1);
            Optional<PaperCells.Cell> five = cell(cells, PaperRun.DECENTRALIZED, p, 5);
            if (one.isPresent() && five.isPresent()) {
                any = true;
                if (five.get().successRate() >= one.get().successRate()) {
                    return false;
                }
            }
        }
        Optional<PaperCells.Cell> low = cell(cells, PaperRun.DECENTRALIZED, "p02", 5);
        Optional<PaperCells.Cell> high = cell(cells, PaperRun.DECENTRALIZED, "p09", 5);
        return any && low.isPresent() && high.isPresent() && low.get().successRate() < high.get().successRate();
    }

    /** The comparison as a table, the bands, the findings and a verdict. */
    public static String render(Result result) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%-18s %-4s %2s  %5s %5s  %-21s %-21s %-23s %-19s  %s%n", "mode", "p",
                "n", "paper", "ours", "speedup paper/ours", "tok_x paper/ours", "conc_w paper/ours",
                "success paper/ours", "agrees"));
        for (Row row : result.rows()) {
            out.append(String.format(Locale.ROOT, "%-18s %-4s %2d  %5d %5d", row.key().mode(), row.key().p(),
                    row.key().n(), row.paperRuns(), row.troupeRuns()));
            for (Metric m : row.metrics()) {
                out.append(String.format(Locale.ROOT, "  %6.2f %6.2f %-6s", m.paper(), m.troupe(),
                        m.inBand() ? "in" : "OUT"));
            }
            out.append("  ").append(row.agrees() ? "yes" : "no").append(System.lineSeparator());
        }
        out.append(String.format(Locale.ROOT, "bands: speedup within %.0f %% of the paper's median, token multiplier "
                        + "within %.0f %%, concurrent writes within %.0f %% or %.0f writes, success rate within %.2f; "
                        + "medians of each cell's runs, every model and project pooled%n", SPEEDUP_BAND * 100,
                TOKEN_BAND * 100, WRITES_BAND * 100, WRITES_SLACK, SUCCESS_BAND));
        out.append(String.format(Locale.ROOT, "cells agreeing on every metric: %d of %d (must be at least %.0f %%)%n",
                result.agreeing(), result.rows().size(), CELLS_AGREEING * 100));
        for (Finding f : result.findings()) {
            out.append(String.format(Locale.ROOT, "finding: %s: paper %s, Troupe %s%n", f.name(),
                    f.paper() ? "holds" : "DOES NOT HOLD", f.troupe() ? "holds" : "DOES NOT HOLD"));
        }
        out.append("paper comparison: ").append(result.passes() ? "PASS" : "FAIL").append(System.lineSeparator());
        return out.toString();
    }

    /** Troupe's runs of a sweep as the paper's: modes it logged only, suites with a p-level only. */
    public static List<PaperRun> fromSweep(List<SweptRun> runs) {
        return runs.stream().map(SweptRun::asPaperRun).filter(Objects::nonNull).toList();
    }

    /** A finished run of a sweep with the model it ran. */
    public record SweptRun(String model, String suite, String architecture, int agents, Double makespanSeconds,
                           long tokens, long concurrentWrites, boolean success) {
        PaperRun asPaperRun() {
            String mode = PaperRun.modeOf(architecture);
            String p = PaperRun.pOf(suite);
            if (mode == null || p == null || makespanSeconds == null || makespanSeconds <= 0) {
                return null;
            }
            return new PaperRun(mode, PaperRun.projectOf(suite), p, agents, model, makespanSeconds, tokens,
                    concurrentWrites, success);
        }
    }
}
