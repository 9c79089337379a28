package io.troupe.protocol;

/** Every Troupe HTTP header name, for both the side that sends it and the side that reads it. */
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
    /**
     * The lease epoch a renewal or completion presents (the {@code epoch} its claim answered; the
     * coordinator also takes {@code {"epoch": n}} in the body).
     */
    public static final String LEASE_EPOCH = "Troupe-Lease-Epoch";
    /** How many commits the git bundle of a run's workspace history holds. */
    public static final String COMMITS = "Troupe-Commits";

    private TroupeHeaders() {
    }
}
