package io.troupe.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** A progress bar with runs done and an estimate of the time left, one line per finished run. */
final class Progress {
    private static final int WIDTH = 24;

    private final PrintWriter out;
    private final int total;
    private final Instant start = Instant.now();
    private int done;

    Progress(PrintWriter out, int total) {
        this.out = out;
        this.total = total;
    }

    void runFinished(String what) {
        done++;
        Duration elapsed = Duration.between(start, Instant.now());
        Duration left = elapsed.multipliedBy(total - done).dividedBy(done);
        int filled = WIDTH * done / total;
        out.printf(Locale.ROOT, "[%s%s] %d/%d runs, %s elapsed, ETA %s  %s%n", "#".repeat(filled),
                "-".repeat(WIDTH - filled), done, total, format(elapsed), format(left), what);
        out.flush();
    }

    static String format(Duration d) {
        long s = d.toSeconds();
        return s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
