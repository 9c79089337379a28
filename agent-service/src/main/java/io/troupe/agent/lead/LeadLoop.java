package io.troupe.agent.lead;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.troupe.agent.clients.CoordinatorClient;
import io.troupe.agent.clients.Lease;
import io.troupe.agent.clients.RunInfo;
import io.troupe.agent.clients.ServiceCallException;
import io.troupe.agent.events.AgentEvents;
import io.troupe.agent.tools.AgentTools;
import io.troupe.protocol.events.AgentEvent.ToolCalled;
import io.troupe.protocol.events.AgentEvent.TurnCompleted;
import io.troupe.protocol.events.RunEvent.RunStarted;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.jboss.logging.Logger;

/**
 * The lead's loop in a {@code lead} run: while the run is RUNNING it reads the board, and when a
 * task is READY and a team member idle (holding no task) it asks its model, which answers with
 * {@code assign_task} calls; each call goes to the coordinator, which claims the task for the member
 * and puts the assignment in its inbox. Every model call is a {@code TurnCompleted}, every tool call
 * a {@code ToolCalled}, like a worker's.
 */
final class LeadLoop {
    private static final Logger LOG = Logger.getLogger(LeadLoop.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String PROMPT = "You lead a team of coding agents building a project as a graph of tasks. Each "
            + "turn you see the READY tasks (their dependencies are done) and the idle agents. Give each idle agent "
            + "at most one READY task with assign_task(task_id, agent_id); prefer tasks on the critical path. An "
            + "agent works on one task at a time; a task that is not READY is refused.";

    private final CoordinatorClient coordinator;
    private final AgentEvents events;
    private final Duration pollInterval;

    LeadLoop(CoordinatorClient coordinator, AgentEvents events, Duration pollInterval) {
        this.coordinator = coordinator;
        this.events = events;
        this.pollInterval = pollInterval;
    }

    /** Leads {@code run} as {@code leadId} until it is over or {@code stillWanted} says stop. */
    void lead(RunStarted run, String leadId, ChatModel model, String modelName, BooleanSupplier stillWanted) {
        List<String> team = run.team().isEmpty()
                ? IntStream.rangeClosed(1, run.agents()).mapToObj(i -> "agent-" + i).toList() : run.team();
        LOG.infof("leading runId=%s team=%s (agentId=%s)", run.runId(), team, leadId);
        while (stillWanted.getAsBoolean()) {
            RunInfo board;
            try {
                board = coordinator.board(run.runId());
            } catch (ServiceCallException e) {
                if (e.status() == 404) {
                    return;
                }
                LOG.warnf("cannot read the board: %s (runId=%s agentId=%s)", e.getMessage(), run.runId(), leadId);
                pause();
                continue;
            }
            if (!board.running()) {
                LOG.infof("run over, lead done (runId=%s agentId=%s)", run.runId(), leadId);
                return;
            }
            Set<String> idle = new LinkedHashSet<>(team);
            board.tasks().stream().filter(t -> "CLAIMED".equals(t.state())).forEach(t -> idle.remove(t.agent()));
            if (board.ready().isEmpty() || idle.isEmpty() || !turn(run, leadId, model, modelName, board, idle)) {
                pause();
            }
        }
    }

    /** One model call and its tool calls; whether it assigned anything. */
    private boolean turn(RunStarted run, String leadId, ChatModel model, String modelName, RunInfo board,
                         Set<String> idle) {
        ObjectNode situation = JSON.createObjectNode();
        situation.set("ready", JSON.valueToTree(board.ready()));
        situation.set("idle", JSON.valueToTree(List.copyOf(idle)));
        situation.set("tasks", JSON.valueToTree(board.tasks().stream()
                .map(t -> java.util.Map.of("id", t.id(), "state", t.state(),
                        "agent", t.agent() == null ? "" : t.agent(),
                        "dependencies", t.dependencies() == null ? List.of() : t.dependencies()))
                .toList()));
        ChatRequest request = ChatRequest.builder()
                .messages(SystemMessage.from(PROMPT), UserMessage.from("The board now: " + situation))
                .toolSpecifications(AgentTools.LEAD).build();
        long started = System.nanoTime();
        ChatResponse response = model.chat(request);
        long millis = (System.nanoTime() - started) / 1_000_000;
        var usage = response.tokenUsage();
        events.publish(new TurnCompleted(run.runId(), leadId, null, modelName, millis,
                usage == null || usage.inputTokenCount() == null ? 0 : usage.inputTokenCount(),
                usage == null || usage.outputTokenCount() == null ? 0 : usage.outputTokenCount(), Instant.now()));
        boolean assigned = false;
        List<ToolExecutionRequest> calls = response.aiMessage().hasToolExecutionRequests()
                ? response.aiMessage().toolExecutionRequests() : List.of();
        for (ToolExecutionRequest call : calls) {
            assigned |= execute(run.runId(), leadId, call);
        }
        return assigned;
    }

    private boolean execute(String runId, String leadId, ToolExecutionRequest call) {
        if (!AgentTools.ASSIGN_TASK.equals(call.name())) {
            events.publish(new ToolCalled(runId, leadId, null, String.valueOf(call.name()), "not-available",
                    "a lead only assigns tasks", Instant.now()));
            return false;
        }
        String taskId;
        String agentId;
        try {
            JsonNode args = JSON.readTree(call.arguments());
            taskId = args.path("task_id").asText(null);
            agentId = args.path("agent_id").asText(null);
        } catch (java.io.IOException e) {
            taskId = null;
            agentId = null;
        }
        if (taskId == null || agentId == null) {
            events.publish(new ToolCalled(runId, leadId, null, AgentTools.ASSIGN_TASK, "malformed",
                    "assign_task needs task_id and agent_id: " + call.arguments(), Instant.now()));
            return false;
        }
        try {
            Lease lease = coordinator.assign(runId, taskId, leadId, agentId);
            events.publish(new ToolCalled(runId, leadId, taskId, AgentTools.ASSIGN_TASK, "ok",
                    taskId + " to " + agentId + " (epoch " + lease.epoch() + ")", Instant.now()));
            LOG.infof("assigned %s to %s (runId=%s agentId=%s)", taskId, agentId, runId, leadId);
            return true;
        } catch (ServiceCallException e) {
            events.publish(new ToolCalled(runId, leadId, taskId, AgentTools.ASSIGN_TASK, "error", e.getMessage(),
                    Instant.now()));
            LOG.infof("assignment refused: %s (runId=%s taskId=%s agentId=%s)", e.getMessage(), runId, taskId,
                    leadId);
            return false;
        }
    }

    private void pause() {
        try {
            Thread.sleep(pollInterval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
