package io.troupe.protocol;

/** HTTP header names shared by the services. */
public final class TroupeHeaders {
    /** The agent on whose behalf a request is made (workspace writes, task completion). */
    public static final String AGENT = "Troupe-Agent";
    /** The author of the version a workspace {@code GET} returned. */
    public static final String AUTHOR = "Troupe-Author";

    private TroupeHeaders() {
    }
}
