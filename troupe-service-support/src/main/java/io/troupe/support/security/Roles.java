package io.troupe.support.security;

/**
 * The roles a Troupe caller can hold (see README, Threat model). An operator is also a viewer.
 * Route annotations use these constants: {@code @RolesAllowed(Roles.OPERATOR)}.
 */
public final class Roles {
    /** Creates and cancels runs and experiments, uploads suites; reads everything. */
    public static final String OPERATOR = "operator";
    /** One agent, acting only as itself and only on runs whose team names it. */
    public static final String AGENT = "agent";
    /** Reads: the UI, metrics, exports, runs, files. */
    public static final String VIEWER = "viewer";
    /** A Troupe service calling another (coordinator → workspace, OTLP span export). */
    public static final String SERVICE = "service";

    private Roles() {
    }
}
