package io.troupe.agent.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.troupe.agent.config.AgentConfig;
import io.troupe.protocol.Topics;
import io.troupe.protocol.events.AgentEvent.ToolCalled;
import io.troupe.protocol.events.AgentEvent.TurnCompleted;
import io.troupe.testkit.KafkaResource;
import io.troupe.testkit.TestEvents;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * Agents driven by a real LLM provider path: LangChain4j's OpenAI client against a stub server
 * that speaks the chat-completions wire format, with the real coordinator and workspace.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PeersResource.class)
@WithTestResource(StubLlmResource.class)
class OpenAiCompatibleAgentIT {

    @Inject
    AgentConfig config;

    private String run(String model) {
        return given().baseUri(config.coordinatorUrl()).contentType(ContentType.JSON)
                .body("{\"suite\": \"tiny\", \"architecture\": \"preassigned\", \"agents\": 2, \"model\": "
                        + "{\"provider\": \"openai\", \"name\": \"" + model + "\", \"latencyMillis\": 0}}")
                .when().post("/api/runs")
                .then().statusCode(201)
                .extract().path("id");
    }

    private JsonPath finished(String runId) {
        return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> given().baseUri(config.coordinatorUrl()).when().get("/api/runs/{run}", runId)
                        .then().statusCode(200).extract().jsonPath(),
                        view -> !"RUNNING".equals(view.getString("status")));
    }

    @Test
    void agentsDrivenByAnOpenAiCompatibleServerCompleteTheTinySuite() {
        // Given a run whose model is served by the stub over the chat-completions API
        // When it is created
        String runId = run("stub-coder");

        // Then the agents complete every task through the workspace and the coordinator
        JsonPath run = finished(runId);
        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("COMPLETED");
        int tasks = run.getList("tasks.id").size();

        // and each turn is reported with the model's name and the usage the provider returned
        List<TestEvents.Received> events = TestEvents.await(Topics.AGENT_EVENTS, runId,
                seen -> SimulatedTeamIT.turns(seen).size() >= 2 * tasks, Duration.ofSeconds(30));
        List<TurnCompleted> turns = SimulatedTeamIT.turns(events);
        assertThat(turns).hasSize(2 * tasks).allSatisfy(turn -> {
            assertThat(turn.model()).isEqualTo("stub-coder");
            assertThat(turn.outputTokens()).isEqualTo(StubOpenAiServer.COMPLETION_TOKENS);
            assertThat(turn.inputTokens()).isGreaterThan(1000);
        });
        assertThat(SimulatedTeamIT.toolCalls(events)).extracting(ToolCalled::outcome).containsOnly("ok");

        // and the stub was sent the key from the secret file, the tools, and the tool results
        List<StubOpenAiServer.Seen> seen = StubLlmResource.server.requestsFor("stub-coder");
        assertThat(seen).hasSize(2 * tasks).allSatisfy(s -> assertThat(s.authorized()).isTrue());
        JsonNode first = seen.get(0).body();
        assertThat(StreamSupport.stream(first.path("tools").spliterator(), false)
                .map(t -> t.path("function").path("name").asText()))
                .contains("read_file", "list_files", "write_file", "run_tests", "complete_task", "send_message");
        assertThat(seen).anySatisfy(s -> assertThat(StubOpenAiServer.roles(s.body()))
                .containsSubsequence("system", "user", "assistant", "tool"));
    }

    @Test
    void garbageRepliesAndARateLimitAreSurvived() {
        // Given a model that is rate-limited once, then answers each task first with a call whose
        // arguments are not JSON and a call to an unknown tool, then with text only
        String runId = run("stub-chaos");

        // Then the run still completes
        JsonPath run = finished(runId);
        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("COMPLETED");
        int tasks = run.getList("tasks.id").size();

        // and each bad reply was recorded and answered with an error, not a crash
        // (a turn's ToolCalled and TurnCompleted are separate sends: wait for both kinds, in any order)
        List<TestEvents.Received> events = TestEvents.await(Topics.AGENT_EVENTS, runId,
                seen -> SimulatedTeamIT.turns(seen).size() >= 4 * tasks
                        && SimulatedTeamIT.toolCalls(seen).size() >= 4 * tasks, Duration.ofSeconds(30));
        List<String> outcomes = SimulatedTeamIT.toolCalls(events).stream()
                .map(c -> c.tool() + ":" + c.outcome()).toList();
        assertThat(outcomes).filteredOn("write_file:malformed"::equals).hasSize(tasks);
        assertThat(outcomes).filteredOn("deploy_to_production:unknown-tool"::equals).hasSize(tasks);
        assertThat(outcomes).filteredOn(":no-tool-call"::equals).hasSize(tasks);
        assertThat(outcomes).filteredOn("complete_task:ok"::equals).hasSize(tasks);
        assertThat(SimulatedTeamIT.turns(events)).hasSize(4 * tasks);

        // and the errors went back to the model as tool results
        assertThat(StubLlmResource.server.requestsFor("stub-chaos")).anySatisfy(s -> {
            String body = s.body().toString();
            assertThat(body).contains("malformed-arguments", "unknown-tool", "deploy_to_production");
        });
        // and the 429 was retried by the provider client
        assertThat(StubLlmResource.server.refusedWith429.get()).isEqualTo(1);
        assertThat(StubLlmResource.server.requestsFor("stub-chaos")).hasSize(4 * tasks + 1);
    }
}
