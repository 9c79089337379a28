package io.troupe.protocol;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How a run's team takes its turns, in any architecture. {@link #EVENT_DRIVEN} (the default): a task
 * is handed out the moment it is READY and each agent calls its model whenever it has work.
 * {@link #ROUNDS}: as the paper's orchestrator did, every member of the team takes one model turn per
 * round, idle or not, and a round ends when the slowest reply is in (and acted on); a run that has not
 * completed after {@code limits.maxRounds} rounds ({@link #DEFAULT_MAX_ROUNDS}, the paper's cap) fails.
 * The coordinator keeps the barrier on the run's clock (a clock that never jumps for real models).
 */
public enum Execution {
    EVENT_DRIVEN("event-driven"),
    ROUNDS("rounds");

    /** The paper's cap on rounds, the default of {@code limits.maxRounds}. */
    public static final int DEFAULT_MAX_ROUNDS = 60;
    /** The largest {@code limits.maxRounds} a run may ask for. */
    public static final int MAX_ROUNDS = 10_000;

    private final String wireName;

    Execution(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The wire names, default first. */
    public static List<String> names() {
        return Arrays.stream(values()).map(Execution::wireName).toList();
    }

    /** The execution named {@code name} (case-insensitive), if any. */
    public static Optional<Execution> byName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(e -> e.wireName.equals(wanted)).findFirst();
    }
}
