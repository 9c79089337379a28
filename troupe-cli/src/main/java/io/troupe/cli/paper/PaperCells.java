package io.troupe.cli.paper;

import io.troupe.protocol.experiment.Spread;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The paper's cells, computed the same way from its logs and from Troupe's runs: a run's speedup is the median
 * wall-clock time of the n = 1 runs of its mode, model, project and p-level over its own, its token multiplier
 * its tokens over their median tokens (so one model's slowness is not taken for a team's); a cell pools every
 * model and project of one mode, p-level and team size, as the paper's figures do.
 */
public final class PaperCells {
    private PaperCells() {
    }

    /** A cell: the spread of its runs' speedups, token multipliers and concurrent writes, and its success rate. */
    public record Cell(String mode, String p, int n, int runs, Spread speedup, Spread tokenMultiplier,
                       Spread concurrentWrites, double successRate) {

        public Key key() {
            return new Key(mode, p, n);
        }
    }

    /** A cell's coordinates. */
    public record Key(String mode, String p, int n) implements Comparable<Key> {
        private static final Comparator<Key> ORDER = Comparator.comparing(Key::mode).reversed()
                .thenComparing(Key::p, Comparator.reverseOrder()).thenComparingInt(Key::n);

        @Override
        public int compareTo(Key other) {
            return ORDER.compare(this, other);
        }
    }

    private record Group(String mode, String model, String project, String p) {
        static Group of(PaperRun run) {
            return new Group(run.mode(), run.model(), run.project(), run.p());
        }
    }

    private record Baseline(double wallSeconds, double tokens) {
    }

    /**
     * The cells of {@code runs}, in the paper's order (preassigned first, p = 0.9 first, n ascending); runs
     * whose group has no n = 1 run are left out, having nothing to be compared with.
     */
    public static List<Cell> of(List<PaperRun> runs) {
        Map<Group, Baseline> baselines = runs.stream().filter(r -> r.n() == 1)
                .collect(Collectors.groupingBy(Group::of)).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> new Baseline(
                        Spread.median(e.getValue().stream().map(PaperRun::wallSeconds).toList()),
                        Spread.median(e.getValue().stream().map(r -> (double) r.tokens()).toList()))));
        Map<Key, List<PaperRun>> byCell = new TreeMap<>();
        for (PaperRun run : runs) {
            if (baselines.containsKey(Group.of(run)) && run.wallSeconds() > 0) {
                byCell.computeIfAbsent(new Key(run.mode(), run.p(), run.n()), k -> new ArrayList<>()).add(run);
            }
        }
        List<Cell> cells = new ArrayList<>();
        byCell.forEach((key, members) -> {
            List<Double> speedups = new ArrayList<>();
            List<Double> multipliers = new ArrayList<>();
            for (PaperRun run : members) {
                Baseline base = baselines.get(Group.of(run));
                speedups.add(base.wallSeconds() / run.wallSeconds());
                if (base.tokens() > 0) {
                    multipliers.add(run.tokens() / base.tokens());
                }
            }
            double success = members.stream().filter(PaperRun::success).count() / (double) members.size();
            cells.add(new Cell(key.mode(), key.p(), key.n(), members.size(), Spread.of(speedups),
                    Spread.of(multipliers), Spread.of(members.stream().map(r -> (double) r.concurrentWrites())
                    .toList()), success));
        });
        return cells;
    }
}
