package io.troupe.agent.lead;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.troupe.agent.model.TokenCounter;
import io.troupe.agent.tools.AgentTools;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SimulatedLeadTest {
    private final SimulatedLead lead = new SimulatedLead("simulated-constant", Duration.ZERO, new TokenCounter());

    private ChatResponse turn(String board) {
        return lead.chat(ChatRequest.builder()
                .messages(SystemMessage.from(LeadLoop.PROMPT), UserMessage.from("The board now: " + board))
                .toolSpecifications(AgentTools.LEAD).build());
    }

    @Test
    void assignsReadyTasksInOrderToIdleAgentsInOrder() {
        // When the board has three READY tasks and two idle agents
        ChatResponse response = turn("{\"ready\": [\"t1\", \"t4\", \"t6\"], \"idle\": [\"agent-2\", \"agent-5\"]}");

        // Then the first two tasks go to them, one each, with the token usage of the real prompt
        assertThat(response.aiMessage().toolExecutionRequests()).extracting(ToolExecutionRequest::name)
                .containsOnly(AgentTools.ASSIGN_TASK);
        assertThat(response.aiMessage().toolExecutionRequests()).extracting(ToolExecutionRequest::arguments)
                .containsExactly("{\"task_id\":\"t1\",\"agent_id\":\"agent-2\"}",
                        "{\"task_id\":\"t4\",\"agent_id\":\"agent-5\"}");
        assertThat(response.tokenUsage().inputTokenCount()).isPositive();
    }

    @Test
    void assignsNothingWithoutAnIdleAgent() {
        ChatResponse response = turn("{\"ready\": [\"t1\"], \"idle\": []}");

        assertThat(response.aiMessage().hasToolExecutionRequests()).isFalse();
        assertThat(response.aiMessage().text()).isNotBlank();
    }
}
