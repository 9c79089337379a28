package io.troupe.support.problem;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

class ProblemMappersTest {
    private final ProblemMappers mappers = new ProblemMappers();

    @Test
    void anOutOfMemoryErrorIsAnInternalErrorProblemWithoutItsStackTrace() throws Exception {
        // When an endpoint runs out of memory
        Response response = mappers.error(new OutOfMemoryError("Java heap space"));

        // Then the answer is a 500 problem that names the kind of failure and nothing of its internals
        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(response.getMediaType().toString()).isEqualTo(Problem.MEDIA_TYPE);
        String body = new ObjectMapper().writeValueAsString(response.getEntity());
        assertThat(body).contains("\"status\":500", "\"title\":\"Internal error\"", "OutOfMemoryError")
                .doesNotContain("at io.", "Java heap space");
    }

    @Test
    void anUnexpectedExceptionIsAnInternalErrorProblem() {
        Response response = mappers.unexpected(new IllegalStateException("secret internals"));

        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(((Problem) response.getEntity()).detail()).contains("IllegalStateException")
                .doesNotContain("secret internals");
    }

    @Test
    void aPoolWithoutAFreeConnectionIsA503ToRetryNotA500() {
        // Given a store failure whose cause is Agroal's acquisition timeout (its two wordings)
        for (String agroal : new String[] {"Sorry, acquisition timeout!",
                "Acquisition timeout while waiting for new connection"}) {
            Exception failure = new IllegalStateException("could not read a.py of run-1",
                    new java.sql.SQLException(agroal));

            Response response = mappers.unexpected(failure);

            // Then the client is told to come back, with a problem that says nothing was changed
            assertThat(response.getStatus()).isEqualTo(503);
            assertThat(response.getHeaderString("Retry-After")).isEqualTo("1");
            Problem problem = (Problem) response.getEntity();
            assertThat(problem.type()).endsWith("/database-busy");
            assertThat(problem.detail()).contains("changed nothing");
        }
        // and another database failure stays an internal error
        assertThat(mappers.unexpected(new IllegalStateException("x", new java.sql.SQLException("relation missing")))
                .getStatus()).isEqualTo(500);
    }

    @Test
    void statusesWithoutAJaxRsConstantGetTheirReasonPhrase() {
        assertThat(HttpProblems.of(414, "too long", null).title()).isEqualTo("URI Too Long");
        assertThat(HttpProblems.of(431, "too large", null).type()).endsWith("/request-header-fields-too-large");
        assertThat(HttpProblems.of(413, "too large", null).type()).endsWith("/content-too-large");
    }
}
