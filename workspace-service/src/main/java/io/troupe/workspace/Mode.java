package io.troupe.workspace;

import io.troupe.protocol.problem.ProblemType;
import io.troupe.support.problem.ProblemException;
import java.util.Arrays;

/** How a workspace treats concurrent writers; the code is what the API and the database store. */
public enum Mode {
    /** A write must name the head it is based on; a stale one is refused (412) and recorded. */
    OPTIMISTIC("optimistic"),
    /**
     * Every write is accepted; replacing another agent's version without having read it is
     * recorded as an overwrite (lost work).
     */
    LAST_WRITER_WINS("last-writer-wins");

    private final String code;

    Mode(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Mode fromCode(String code) {
        return Arrays.stream(values()).filter(m -> m.code.equals(code)).findFirst()
                .orElseThrow(() -> new ProblemException(ProblemType.UNSUPPORTED_MODE, "mode '" + code + "' is not "
                        + "supported; use 'optimistic' or 'last-writer-wins'"));
    }
}
