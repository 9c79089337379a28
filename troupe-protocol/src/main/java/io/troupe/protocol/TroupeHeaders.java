package io.troupe.protocol;

/** HTTP header names shared by the services. */
public final class TroupeHeaders {
    /** The agent on whose behalf a request is made (workspace writes, task completion). */
    public static final String AGENT = "Troupe-Agent";
    /** The author of the version a workspace {@code GET} returned. */
    public static final String AUTHOR = "Troupe-Author";
    /**
     * The time on the run's clock (ISO-8601) at which an agent of a simulated run sends a request:
     * the workspace stamps what the request causes with it (see {@link ClockKind#RUN}).
     */
    public static final String RUN_TIME = "Troupe-Run-Time";

    private TroupeHeaders() {
    }
}
