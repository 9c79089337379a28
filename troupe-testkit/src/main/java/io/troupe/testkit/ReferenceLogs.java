package io.troupe.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The public run logs of "Language Model Teams as Distributed Systems" (arXiv 2603.12229):
 * {@code runs.parquet} and {@code events.parquet} in {@code shared/reference}, beside the clone (CI checks
 * out {@code ../shared} next to it). Tests read them in place with DuckDB; they are never copied into the
 * project.
 */
public final class ReferenceLogs {

    private ReferenceLogs() {
    }

    /**
     * The folder holding the two Parquet files: {@code TROUPE_REFERENCE} if set, else the first
     * {@code shared/reference} found walking up from the working directory. Missing logs fail the calling
     * test with a message saying where they were looked for: a check of the paper's figures is never skipped.
     */
    public static Path folder() {
        String configured = System.getenv("TROUPE_REFERENCE");
        if (configured != null && !configured.isBlank()) {
            return checked(Path.of(configured));
        }
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("reference");
            if (Files.isRegularFile(candidate.resolve("runs.parquet"))) {
                return candidate;
            }
        }
        throw new AssertionError("THE PAPER'S REFERENCE LOGS ARE MISSING: no shared/reference/runs.parquet in "
                + start + " or any folder above it (CI checks out ../shared beside the clone; or set "
                + "TROUPE_REFERENCE to the folder holding runs.parquet and events.parquet)");
    }

    /** {@code file} of the reference folder as a quoted SQL string literal, for DuckDB's {@code read_parquet}. */
    public static String sqlPath(String file) {
        return "'" + folder().resolve(file).toString().replace("'", "''") + "'";
    }

    private static Path checked(Path folder) {
        if (!Files.isRegularFile(folder.resolve("runs.parquet"))
                || !Files.isRegularFile(folder.resolve("events.parquet"))) {
            throw new AssertionError("THE PAPER'S REFERENCE LOGS ARE MISSING: TROUPE_REFERENCE=" + folder
                    + " holds no runs.parquet and events.parquet");
        }
        return folder;
    }
}
