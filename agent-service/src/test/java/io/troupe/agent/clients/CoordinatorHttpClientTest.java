package io.troupe.agent.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.troupe.protocol.TroupeHeaders;
import io.troupe.protocol.problem.ProblemType;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How the agent reads the coordinator's 409 problems: by their catalogued type. */
class CoordinatorHttpClientTest {
    private HttpServer server;
    private final AtomicReference<String> answer = new AtomicReference<>();
    private final AtomicReference<String> epochHeader = new AtomicReference<>();
    private CoordinatorHttpClient client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            epochHeader.set(exchange.getRequestHeaders().getFirst(TroupeHeaders.LEASE_EPOCH));
            byte[] body = answer.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
            exchange.sendResponseHeaders(409, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        client = new CoordinatorHttpClient("http://127.0.0.1:" + server.getAddress().getPort(), new ObjectMapper());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void refuseWith(ProblemType type, String state) {
        answer.set("{\"type\": \"" + type.uri() + "\", \"title\": \"" + type.title() + "\", \"status\": 409, "
                + "\"detail\": \"refused\"" + (state == null ? "" : ", \"state\": \"" + state + "\"") + "}");
    }

    @Test
    void claimConflictIsARefusedClaimWithItsType() {
        // Given
        refuseWith(ProblemType.CLAIM_CONFLICT, "CLAIMED");

        // When / Then
        assertThatThrownBy(() -> client.claim("r1", "t1", "agent-1"))
                .isInstanceOfSatisfying(ClaimRefusedException.class, e -> {
                    assertThat(e.problem()).isEqualTo(ProblemType.CLAIM_CONFLICT);
                    assertThat(e.state()).isEqualTo("CLAIMED");
                    assertThat(e.getMessage()).contains("409 claim-conflict");
                });
    }

    @Test
    void runFinishedIsARefusedClaim() {
        refuseWith(ProblemType.RUN_FINISHED, null);

        assertThatThrownBy(() -> client.claim("r1", "t1", "agent-1"))
                .isInstanceOfSatisfying(ClaimRefusedException.class,
                        e -> assertThat(e.problem()).isEqualTo(ProblemType.RUN_FINISHED));
    }

    @Test
    void staleLeaseOnRenewalIsAStaleLease() {
        // Given
        refuseWith(ProblemType.STALE_LEASE, null);

        // When / Then
        assertThatThrownBy(() -> client.renew("r1", "t1", "agent-1", 3L)).isInstanceOf(StaleLeaseException.class);
        assertThat(epochHeader.get()).isEqualTo("3");
    }

    @Test
    void anotherConflictIsAPlainFailedCall() {
        refuseWith(ProblemType.TASK_NOT_OWNED, null);

        assertThatThrownBy(() -> client.complete("r1", "t1", "agent-1", 1L))
                .isExactlyInstanceOf(ServiceCallException.class)
                .satisfies(e -> assertThat(((ServiceCallException) e).status()).isEqualTo(409));
    }

    @Test
    void aTypeOutsideTheCatalogueIsAPlainFailedCall() {
        answer.set("{\"type\": \"https://example.com/problems/claim-conflict\", \"status\": 409}");

        assertThatThrownBy(() -> client.claim("r1", "t1", "agent-1")).isExactlyInstanceOf(ServiceCallException.class);
    }
}
