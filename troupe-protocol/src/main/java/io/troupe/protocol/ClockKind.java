package io.troupe.protocol;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How a run keeps time. {@link #WALL}: the wall clock, as a run of real models must (a simulated
 * model then sleeps its latency times the run's time scale). {@link #RUN}: a clock of the run's own,
 * kept by the coordinator, that follows real time while any real work of the run is in flight and
 * jumps to the next model timer when every agent waits on its model; a simulated turn is a timer
 * for its full latency, so times are model seconds and nobody sleeps.
 */
public enum ClockKind {
    WALL("wall"),
    RUN("run");

    private final String wireName;

    ClockKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The kind named {@code name} (case-insensitive), if any. */
    public static Optional<ClockKind> byName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(k -> k.wireName.equals(wanted)).findFirst();
    }
}
