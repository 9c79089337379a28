package io.troupe.workspace.api;

import io.troupe.protocol.TroupeHeaders;
import io.troupe.protocol.problem.ProblemType;
import io.troupe.support.problem.ProblemException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The {@code Troupe-Run-Time} header an agent of a simulated run sends (see
 * {@link io.troupe.protocol.ClockKind#RUN}) as a clock: the run's time when the request arrived,
 * moving on in real time while it is served, so a write or test run is stamped as the run saw it.
 */
final class RunTimeHeader {
    /** How far a run's clock may be from the wall's: a year of skipped model time. */
    private static final Duration MAX_AHEAD = Duration.ofDays(366);

    private RunTimeHeader() {
    }

    /** The clock of a request with {@code header} (null: the wall clock). */
    static Clock clock(String header) {
        if (header == null || header.isBlank()) {
            return Clock.systemUTC();
        }
        Instant at;
        try {
            at = Instant.parse(header.trim());
        } catch (DateTimeParseException e) {
            at = null;
        }
        Instant now = Instant.now();
        if (at == null || at.isBefore(now.minus(MAX_AHEAD)) || at.isAfter(now.plus(MAX_AHEAD))) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "the " + TroupeHeaders.RUN_TIME + " header must be "
                    + "an ISO-8601 "
                    + "instant within a year of now (e.g. 2026-12-07T03:00:00Z), not '" + header + "'");
        }
        return Clock.offset(Clock.systemUTC(), Duration.between(now, at));
    }
}
