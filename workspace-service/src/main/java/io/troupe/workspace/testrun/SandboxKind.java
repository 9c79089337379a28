package io.troupe.workspace.testrun;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The values of {@code troupe.workspace.sandbox}: how test commands are isolated. A new kind (a
 * container runner, say) is a new constant here; {@link TestRunners#create} switches over them
 * without a default, so it cannot be forgotten there.
 */
public enum SandboxKind {
    /** Bubblewrap where it is installed; where it is not, test runs are refused (never run unsandboxed). */
    AUTO("auto"),
    /** Bubblewrap, required: the service does not start without it. */
    BWRAP("bwrap"),
    /** Each test run a Kubernetes Job in a locked-down pod. */
    KUBERNETES("kubernetes"),
    /**
     * Each test run a container of the test-runner image: no network, read-only root, a tmpfs work
     * directory, user 65534, no capabilities, pids, memory and CPU limits (for hosts without bubblewrap).
     */
    DOCKER("docker"),
    /**
     * The explicit opt-out: plain processes of the service's own user, with its network and files.
     * Only for code the operator trusts, such as the suites' reference solutions a sweep's simulated
     * agents write; logged as a warning at start and named in every result.
     */
    TRUSTED("trusted");

    private final String code;

    SandboxKind(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** The kind a setting names; anything else (also the former {@code none}) is refused at start. */
    public static SandboxKind parse(String setting) {
        String wanted = setting == null ? AUTO.code : setting.trim().toLowerCase(Locale.ROOT);
        for (SandboxKind kind : values()) {
            if (kind.code.equals(wanted)) {
                return kind;
            }
        }
        String hint = wanted.equals("none") ? " ('none' is now called 'trusted': say so explicitly if the test "
                + "commands are code you trust)" : "";
        throw new IllegalArgumentException("troupe.workspace.sandbox must be one of "
                + Arrays.stream(values()).map(SandboxKind::code).collect(Collectors.joining(", ")) + ", not '"
                + setting + "'" + hint);
    }
}
