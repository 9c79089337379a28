package io.troupe.agent.clients;

/**
 * The coordinator refused a claim with a 409 problem: {@code claim-conflict} (another agent holds
 * the task), {@code claim-blocked} (the task is not READY; {@code state} says what it is) or
 * {@code run-finished}.
 */
public class ClaimRefusedException extends ServiceCallException {
    public static final String CONFLICT = "claim-conflict";
    public static final String BLOCKED = "claim-blocked";
    public static final String RUN_FINISHED = "run-finished";

    private final String problem;
    private final String state;

    public ClaimRefusedException(String message, String problem, String state) {
        super(message, 409);
        this.problem = problem;
        this.state = state;
    }

    /** The problem's slug. */
    public String problem() {
        return problem;
    }

    /** The task's state when refused (PENDING, READY, CLAIMED, DONE, FAILED), if the problem said. */
    public String state() {
        return state;
    }
}
