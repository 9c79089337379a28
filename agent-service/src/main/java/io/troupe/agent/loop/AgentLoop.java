package io.troupe.agent.loop;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.troupe.agent.clients.CoordinatorClient;
import io.troupe.agent.clients.RunInfo;
import io.troupe.agent.clock.AgentClock;
import io.troupe.agent.clients.WorkspaceClient;
import io.troupe.agent.clients.WorkspaceClient.FileHead;
import io.troupe.agent.config.AgentConfig;
import io.troupe.agent.events.AgentEvents;
import io.troupe.agent.lease.TaskLease;
import io.troupe.agent.messages.TeamMessages;
import io.troupe.agent.model.AgentModel;
import io.troupe.agent.model.ChatModelFactory;
import io.troupe.agent.model.SimulatedCrashException;
import io.troupe.agent.model.TokenCounter;
import io.troupe.agent.model.TurnDeclinedException;
import io.troupe.protocol.events.AgentSettings;
import io.troupe.agent.runs.SuiteManifests;
import io.troupe.agent.tools.AgentTools;
import io.troupe.agent.tracing.AgentTracing;
import io.troupe.protocol.events.AgentEvent.TaskAbandoned;
import io.troupe.protocol.events.AgentEvent.ToolCalled;
import io.troupe.protocol.events.AgentEvent.TurnCompleted;
import io.troupe.protocol.events.AgentEvent.TurnStarted;
import io.troupe.protocol.events.InboxMessage.Assignment;
import io.troupe.protocol.events.InboxMessage.Message;
import io.troupe.protocol.suite.TaskSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * One agent loop for every model. For an assigned task: build the context (the task, its files'
 * heads, its dependencies' files), then call the chat model with the tools and run the tool
 * calls it answers with, turn after turn, until {@code complete_task} succeeds or the turn
 * budget is spent. Each call is a {@code TurnCompleted} with the provider's token usage, each
 * tool call a {@code ToolCalled}. Malformed or unknown tool calls and replies without one are
 * answered with an error, never a crash. Blocking; runs on the agent's own thread.
 */
@ApplicationScoped
public class AgentLoop {
    private static final Logger LOG = Logger.getLogger(AgentLoop.class);
    static final String NO_TOOL_CALL_NUDGE = "Your reply had no tool call. Work only through the tools; call "
            + "complete_task once your task's tests pass.";

    private final ChatModelFactory models;
    private final WorkspaceClient workspace;
    private final CoordinatorClient coordinator;
    private final AgentEvents events;
    private final TokenCounter tokens;
    private final ToolExecutor tools;
    private final TeamMessages messages;
    private final Map<String, AtomicLong> tokensSpent = new ConcurrentHashMap<>();
    private final SuiteManifests suites;
    private final int turnBudget;
    private final int contextTokens;
    private final AgentTracing tracing;
    private final AgentClock clock;

    @Inject
    public AgentLoop(ChatModelFactory models, WorkspaceClient workspace, CoordinatorClient coordinator,
                     AgentEvents events, TokenCounter tokens, AgentConfig config, TeamMessages messages,
                     AgentTracing tracing, AgentClock clock, SuiteManifests suites) {
        this(models, workspace, coordinator, events, tokens, config.agent().turnBudget(),
                config.agent().contextTokens(), messages, tracing, clock, suites);
    }

    public AgentLoop(ChatModelFactory models, WorkspaceClient workspace, CoordinatorClient coordinator,
                     AgentEvents events, TokenCounter tokens, int turnBudget, int contextTokens) {
        this(models, workspace, coordinator, events, tokens, turnBudget, contextTokens, TeamMessages.NONE,
                AgentTracing.none());
    }

    public AgentLoop(ChatModelFactory models, WorkspaceClient workspace, CoordinatorClient coordinator,
                     AgentEvents events, TokenCounter tokens, int turnBudget, int contextTokens,
                     TeamMessages messages, AgentTracing tracing) {
        this(models, workspace, coordinator, events, tokens, turnBudget, contextTokens, messages, tracing, null);
    }

    /** With {@code clock} null, every run keeps the wall clock. */
    public AgentLoop(ChatModelFactory models, WorkspaceClient workspace, CoordinatorClient coordinator,
                     AgentEvents events, TokenCounter tokens, int turnBudget, int contextTokens,
                     TeamMessages messages, AgentTracing tracing, AgentClock clock) {
        this(models, workspace, coordinator, events, tokens, turnBudget, contextTokens, messages, tracing, clock,
                new SuiteManifests(coordinator));
    }

    private AgentLoop(ChatModelFactory models, WorkspaceClient workspace, CoordinatorClient coordinator,
                      AgentEvents events, TokenCounter tokens, int turnBudget, int contextTokens,
                      TeamMessages messages, AgentTracing tracing, AgentClock clock, SuiteManifests suites) {
        this.suites = suites;
        this.models = models;
        this.workspace = workspace;
        this.coordinator = coordinator;
        this.events = events;
        this.tokens = tokens;
        this.messages = messages;
        this.tools = new ToolExecutor(workspace, coordinator, messages, events, this::now);
        this.turnBudget = Math.max(1, turnBudget);
        this.contextTokens = contextTokens;
        this.tracing = tracing;
        this.clock = clock;
    }

    /** The run's time as {@code agentId} reads it (see {@link AgentClock}). */
    private Instant now(String runId, String agentId) {
        return clock == null ? Instant.now() : clock.now(runId, agentId);
    }

    /**
     * Does {@code assignment} as {@code agentId}. Throws {@link TaskFailedException} if the task
     * was given up (turn budget spent, the model failed or crashed), leaving it CLAIMED.
     */
    public void work(String agentId, Assignment assignment) {
        work(agentId, assignment, TaskLease.unknown(assignment.runId(), assignment.task().id(), agentId));
    }

    /**
     * Does {@code assignment} as {@code agentId} while it holds {@code lease}; once the lease is
     * lost (another agent has the task now) the agent stops at the next step and gives the task up.
     */
    public void work(String agentId, Assignment assignment, TaskLease lease) {
        String runId = assignment.runId();
        TaskSpec task = assignment.task();
        AgentModel model = models.forAssignment(agentId, assignment);

        Context context = new Context(tokens, contextTokens);
        // The project's data is for real models, on the wall clock. On a run's own clock (simulated agents,
        // which do not read it) asking for it would be real work that stretches teammates' model turns.
        Optional<io.troupe.protocol.suite.SuiteManifest> suite = assignment.settingsOrNone().onRunClock()
                ? Optional.empty() : suites.get(assignment.suiteId());
        context.start(agentId, assignment, suite, ownFiles(runId, task),
                dependencyFiles(assignment));

        // The run's limit on turns replaces the configured budget.
        Integer maxTurns = assignment.settingsOrNone().maxTurns();
        int budget = maxTurns == null ? turnBudget : Math.max(1, maxTurns);
        var taskTrace = tracing.taskContext(runId, task.id());
        for (int turn = 1; turn <= budget; turn++) {
            // One invoke_agent span per turn, under the task's span: the chat call and tool calls nest in it.
            Span turnSpan = tracing.startTurn(taskTrace, runId, task.id(), agentId, turn);
            try (Scope ignored = turnSpan.makeCurrent()) {
                checkLease(agentId, assignment, lease, turn - 1);
                List<Message> received = messages.receive(runId, agentId);
                if (!received.isEmpty()) {
                    context.add(UserMessage.from(Context.teammates(received)));
                }
                Long maxTokens = assignment.settingsOrNone().maxTokens();
                long spent = spent(runId, agentId).get();
                if (maxTokens != null && spent >= maxTokens) {
                    String reason = "token limit of " + maxTokens + " per agent spent in the run (" + spent
                            + " tokens)";
                    throw abandon(agentId, assignment, turn - 1, reason, new TokenLimitException(reason));
                }
                events.publish(new TurnStarted(runId, agentId, task.id(), model.name(), turn, now(runId, agentId)));
                ChatResponse response = call(model, agentId, assignment, context, turn);
                AiMessage reply = response.aiMessage();
                context.add(reply);
                if (reply == null || !reply.hasToolExecutionRequests()) {
                    LOG.infof("reply without a tool call in turn %d (runId=%s taskId=%s agentId=%s)", turn, runId,
                            task.id(), agentId);
                    events.publish(new ToolCalled(runId, agentId, task.id(), "", ToolResult.NO_TOOL_CALL,
                            "the reply had no tool call", now(runId, agentId)));
                    context.add(UserMessage.from(NO_TOOL_CALL_NUDGE));
                    continue;
                }
                for (ToolExecutionRequest request : reply.toolExecutionRequests()) {
                    checkLease(agentId, assignment, lease, turn);
                    Span toolSpan = tracing.startTool(request.name() == null ? "" : request.name(), runId, task.id(),
                            agentId);
                    ToolResult result;
                    try {
                        result = tools.execute(runId, agentId, task, lease, request);
                    } catch (RuntimeException e) {
                        AgentTracing.endTool(toolSpan, "exception");
                        throw e;
                    }
                    AgentTracing.endTool(toolSpan, result.outcome());
                    context.add(ToolExecutionResultMessage.from(request, result.text()));
                    events.publish(new ToolCalled(runId, agentId, task.id(),
                            request.name() == null ? "" : request.name(), result.outcome(), detail(result),
                            now(runId, agentId)));
                    if (result.completesTask()) {
                        LOG.infof("task done in %d turns (runId=%s taskId=%s agentId=%s)", turn, runId, task.id(),
                                agentId);
                        return;
                    }
                }
            } finally {
                turnSpan.end();
            }
        }
        throw abandon(agentId, assignment, budget, "turn budget of " + budget + " spent without completing the task",
                null);
    }

    /** Tokens {@code agentId} used in {@code runId} so far, for the run's {@code maxTokens}. */
    private AtomicLong spent(String runId, String agentId) {
        return tokensSpent.computeIfAbsent(runId + "/" + agentId, key -> new AtomicLong());
    }

    private void checkLease(String agentId, Assignment assignment, TaskLease lease, int turns) {
        if (lease.lost()) {
            throw abandon(agentId, assignment, turns, "lost the lease: " + lease.lostReason(), null);
        }
    }

    private ChatResponse call(AgentModel model, String agentId, Assignment assignment, Context context, int turn) {
        ChatRequest request = ChatRequest.builder()
                .messages(context.messages(AgentTools.ALL))
                .toolSpecifications(AgentTools.ALL)
                .build();
        awaitRound(assignment.runId(), agentId, assignment.task().id(), assignment.settingsOrNone());
        long startNanos = System.nanoTime();
        Instant start = now(assignment.runId(), agentId);
        ChatResponse response;
        Span chat = tracing.startChat(assignment.model() == null ? null : assignment.model().provider(), model.name(),
                assignment.runId(), assignment.task().id(), agentId);
        if (TurnStops.stopped()) {
            chat.end();
            throw abandon(agentId, assignment, turn - 1, "its run is over", null);
        }
        try {
            response = TurnStops.modelCall(() -> model.model().chat(request));
        } catch (SimulatedCrashException e) {
            chat.recordException(e).end();
            throw abandon(agentId, assignment, turn, "crashed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            chat.recordException(e).end();
            throw abandon(agentId, assignment, turn, "the model " + model.name() + " failed: " + e.getMessage(), e);
        }
        if (TurnStops.stopped()) {
            chat.end();
            throw abandon(agentId, assignment, turn, "its run is over", null);
        }
        // On a run's own clock this is the model time the turn took, not the real time it waited.
        Instant end = now(assignment.runId(), agentId);
        long latencyMillis = latencyMillis(assignment.runId(), agentId, assignment.settingsOrNone(), start, end,
                startNanos);
        TokenUsage usage = response.tokenUsage();
        if (usage != null) {
            spent(assignment.runId(), agentId).addAndGet((usage.inputTokenCount() == null ? 0
                    : usage.inputTokenCount()) + (usage.outputTokenCount() == null ? 0 : usage.outputTokenCount()));
        }
        AgentTracing.endChat(chat, usage == null || usage.inputTokenCount() == null ? 0 : usage.inputTokenCount(),
                usage == null || usage.outputTokenCount() == null ? 0 : usage.outputTokenCount());
        events.publish(new TurnCompleted(assignment.runId(), agentId, assignment.task().id(), model.name(),
                latencyMillis, usage == null || usage.inputTokenCount() == null ? 0 : usage.inputTokenCount(),
                usage == null || usage.outputTokenCount() == null ? 0 : usage.outputTokenCount(), end));
        return response;
    }

    /**
     * In a run in rounds on the wall clock (real models), waits for the agent's turn of the round (a timer of
     * 0 on the coordinator's barrier) before the model is called; on the run's clock the simulated model's
     * timer is that barrier itself. True unless an idle turn ({@code taskId} null) was declined.
     */
    private boolean awaitRound(String runId, String agentId, String taskId, AgentSettings settings) {
        if (!settings.inRounds() || settings.onRunClock() || clock == null) {
            return true;
        }
        return !clock.turn(runId, agentId, taskId, Duration.ZERO).declined();
    }

    /**
     * A turn's model latency: on the run's clock the model time between its start and its end (in rounds,
     * what its timer asked for, since the turn may have waited for its round), else the real time.
     */
    private long latencyMillis(String runId, String agentId, AgentSettings settings, Instant start, Instant end,
                               long startNanos) {
        if (!settings.onRunClock()) {
            return (System.nanoTime() - startNanos) / 1_000_000;
        }
        if (settings.inRounds() && clock != null) {
            Optional<Duration> asked = clock.lastTurn(runId, agentId);
            if (asked.isPresent()) {
                return asked.get().toMillis();
            }
        }
        return Duration.between(start, end).toMillis();
    }

    /** How an idle turn went. */
    public enum IdleTurn {
        /** The agent called its model for the round, and it answered. */
        TAKEN,
        /** The coordinator declined it: a task is claimed for the agent, which starts it instead. */
        DECLINED
    }

    /**
     * One idle turn of {@code agentId} in a run in rounds ({@code run}, with the agent's {@code settings}):
     * an agent with nothing to do still calls its model once per round, as the paper's agents did. The
     * prompt says it has no task and holds the teammates' messages received since its last turn; no tools
     * are offered (a decentralized agent picks from the board after it). Counted as any turn: a {@code
     * TurnStarted} (turn 0) and a {@code TurnCompleted} without task, with the model's token usage.
     */
    public IdleTurn idleTurn(String agentId, RunInfo run, AgentSettings settings) {
        String runId = run.id();
        AgentModel model = models.forIdleTurn(agentId, runId, run.model(), settings);
        List<Message> received = messages.receive(runId, agentId);
        List<dev.langchain4j.data.message.ChatMessage> prompt = new java.util.ArrayList<>();
        prompt.add(dev.langchain4j.data.message.SystemMessage.from(Context.system(agentId, run.suite())));
        prompt.add(UserMessage.from("You have no task to work on in this round: every task you could take is "
                + "done, held by a teammate or waiting on its dependencies. Say in one sentence what you wait for."
                + (received.isEmpty() ? "" : "\n\n" + Context.teammates(received))));
        if (!awaitRound(runId, agentId, null, settings)) {
            return IdleTurn.DECLINED;
        }
        long startNanos = System.nanoTime();
        Instant start = now(runId, agentId);
        Span chat = tracing.startChat(run.model() == null ? null : run.model().provider(), model.name(), runId, null,
                agentId);
        ChatResponse response;
        try {
            response = model.model().chat(ChatRequest.builder().messages(prompt).build());
        } catch (TurnDeclinedException e) {
            chat.end();
            return IdleTurn.DECLINED;
        } catch (RuntimeException e) {
            chat.recordException(e).end();
            if (e.getCause() instanceof TurnDeclinedException) {
                return IdleTurn.DECLINED;
            }
            throw e;
        }
        Instant end = now(runId, agentId);
        long latencyMillis = latencyMillis(runId, agentId, settings, start, end, startNanos);
        TokenUsage usage = response.tokenUsage();
        int in = usage == null || usage.inputTokenCount() == null ? 0 : usage.inputTokenCount();
        int out = usage == null || usage.outputTokenCount() == null ? 0 : usage.outputTokenCount();
        spent(runId, agentId).addAndGet(in + out);
        AgentTracing.endChat(chat, in, out);
        // Published once the turn was taken (on the run's clock the coordinator may decline it when it begins).
        events.publish(new TurnStarted(runId, agentId, null, model.name(), 0, end.minusMillis(latencyMillis)));
        events.publish(new TurnCompleted(runId, agentId, null, model.name(), latencyMillis, in, out, end));
        return IdleTurn.TAKEN;
    }

    private TaskFailedException abandon(String agentId, Assignment assignment, int turns, String reason,
                                        Throwable cause) {
        events.publish(new TaskAbandoned(assignment.runId(), agentId, assignment.task().id(), reason, turns,
                now(assignment.runId(), agentId)));
        return new TaskFailedException("gave up task " + assignment.task().id() + " after " + turns + " turns: "
                + reason + " (runId=" + assignment.runId() + " taskId=" + assignment.task().id() + " agentId="
                + agentId + ")", cause);
    }

    private static String detail(ToolResult result) {
        String text = result.text();
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }

    private Map<String, Optional<FileHead>> ownFiles(String runId, TaskSpec task) {
        Map<String, Optional<FileHead>> heads = new LinkedHashMap<>();
        task.files().forEach(path -> heads.put(path, workspace.read(runId, path)));
        return heads;
    }

    private Map<String, String> dependencyFiles(Assignment assignment) {
        Map<String, String> files = new LinkedHashMap<>();
        for (String path : assignment.dependencyFiles()) {
            workspace.read(assignment.runId(), path).ifPresentOrElse(
                    head -> files.put(path, head.content()),
                    () -> LOG.warnf("dependency file %s is missing (runId=%s taskId=%s)", path, assignment.runId(),
                            assignment.task().id()));
        }
        return files;
    }
}
