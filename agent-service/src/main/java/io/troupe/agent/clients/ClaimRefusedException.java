package io.troupe.agent.clients;

import io.troupe.protocol.problem.ProblemType;
import java.util.Set;

/**
 * The coordinator refused a claim with a 409 problem: {@link ProblemType#CLAIM_CONFLICT} (another
 * agent holds the task), {@link ProblemType#CLAIM_BLOCKED} (the task is not READY; {@code state}
 * says what it is) or {@link ProblemType#RUN_FINISHED}.
 */
public class ClaimRefusedException extends ServiceCallException {
    /** The problems a claim (or renewal) is refused with. */
    public static final Set<ProblemType> PROBLEMS = Set.of(ProblemType.CLAIM_CONFLICT, ProblemType.CLAIM_BLOCKED,
            ProblemType.RUN_FINISHED);

    private final ProblemType problem;
    private final String state;

    public ClaimRefusedException(String message, ProblemType problem, String state) {
        super(message, problem.status());
        if (!PROBLEMS.contains(problem)) {
            throw new IllegalArgumentException(problem + " is not a refused claim");
        }
        this.problem = problem;
        this.state = state;
    }

    /** Why the claim was refused. */
    public ProblemType problem() {
        return problem;
    }

    /** The task's state when refused (PENDING, READY, CLAIMED, DONE, FAILED), if the problem said. */
    public String state() {
        return state;
    }
}
