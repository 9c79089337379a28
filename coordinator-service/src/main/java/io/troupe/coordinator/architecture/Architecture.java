package io.troupe.coordinator.architecture;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Who decides which agent does which task (see DESIGN.md, "Architectures"). */
public enum Architecture {
    /** The coordinator assigns every task before the run. */
    PREASSIGNED("preassigned", true),
    /** Agents claim from the board themselves. */
    DECENTRALIZED("decentralized", true),
    /** An LLM lead agent assigns tasks. */
    LEAD("lead", true),
    /** READY tasks go to a Kafka share group. */
    QUEUE("queue", true),
    /** Agents may add tasks while working. */
    DYNAMIC("dynamic", false);

    private final String wireName;
    private final boolean supported;

    Architecture(String wireName, boolean supported) {
        this.wireName = wireName;
        this.supported = supported;
    }

    public String wireName() {
        return wireName;
    }

    /** Whether this version of the coordinator can run it. */
    public boolean isSupported() {
        return supported;
    }

    /** The variants this architecture knows, besides its default (none). */
    public List<String> variants() {
        return this == PREASSIGNED ? List.of(Preassignment.CP_FIRST) : List.of();
    }

    public static Optional<Architecture> byName(String name) {
        return Arrays.stream(values()).filter(a -> a.wireName.equals(name)).findFirst();
    }

    public static List<String> supportedNames() {
        return Arrays.stream(values()).filter(Architecture::isSupported).map(Architecture::wireName).toList();
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(Architecture::wireName).toList();
    }
}
