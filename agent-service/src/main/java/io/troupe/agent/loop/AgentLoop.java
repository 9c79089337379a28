package io.troupe.agent.loop;

import io.troupe.agent.clients.CoordinatorClient;
import io.troupe.agent.clients.WorkspaceClient;
import io.troupe.agent.clients.WorkspaceClient.FileHead;
import io.troupe.agent.clients.WorkspaceClient.TestRunResult;
import io.troupe.agent.clients.WorkspaceClient.WriteOutcome;
import io.troupe.agent.config.AgentConfig;
import io.troupe.agent.events.AgentEvents;
import io.troupe.agent.model.ChatModel;
import io.troupe.agent.model.ChatModelFactory;
import io.troupe.agent.model.ChatReply;
import io.troupe.agent.model.ChatRequest;
import io.troupe.agent.model.ChatRequest.Phase;
import io.troupe.protocol.events.AgentEvent.TurnCompleted;
import io.troupe.protocol.events.InboxMessage.Assignment;
import io.troupe.protocol.suite.TaskSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * What one agent does with one assigned task: read its dependencies' files, a turn that writes
 * the task's files (each with a conditional write, re-read and retried on a conflict), run the
 * task's tests, a turn that reads the result, and complete the task at the coordinator.
 * Blocking; runs on the agent's own thread.
 */
@ApplicationScoped
public class AgentLoop {
    private static final Logger LOG = Logger.getLogger(AgentLoop.class);

    private final ChatModelFactory models;
    private final WorkspaceClient workspace;
    private final CoordinatorClient coordinator;
    private final AgentEvents events;
    private final int writeAttempts;

    @Inject
    public AgentLoop(ChatModelFactory models, WorkspaceClient workspace, CoordinatorClient coordinator,
                     AgentEvents events, AgentConfig config) {
        this(models, workspace, coordinator, events, config.agent().writeAttempts());
    }

    public AgentLoop(ChatModelFactory models, WorkspaceClient workspace, CoordinatorClient coordinator,
                     AgentEvents events, int writeAttempts) {
        this.models = models;
        this.workspace = workspace;
        this.coordinator = coordinator;
        this.events = events;
        this.writeAttempts = Math.max(1, writeAttempts);
    }

    /** Does {@code assignment} as {@code agentId}; throws if a step fails, leaving the task CLAIMED. */
    public void work(String agentId, Assignment assignment) {
        String runId = assignment.runId();
        TaskSpec task = assignment.task();
        ChatModel model = models.forSpec(assignment.model());

        String prompt = Prompts.task(agentId, assignment, dependencyFiles(assignment));
        ChatReply written = turn(model, agentId, assignment, Phase.WRITE, prompt);
        written.files().forEach((path, content) -> write(runId, path, content, agentId, task.id()));

        TestRunResult result = task.tests().isEmpty() ? null : workspace.runTests(runId, task.tests(), agentId);
        if (result != null && !result.succeeded()) {
            LOG.warnf("tests of the task failed: %d passed, %d failed, %d errors, exit %d (runId=%s taskId=%s "
                    + "agentId=%s)", result.passed(), result.failed(), result.errors(), result.exitCode(), runId,
                    task.id(), agentId);
        }
        turn(model, agentId, assignment, Phase.REVIEW, Prompts.review(prompt, written.text(), result));

        coordinator.complete(runId, task.id(), agentId);
        LOG.infof("task done (runId=%s taskId=%s agentId=%s)", runId, task.id(), agentId);
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

    private ChatReply turn(ChatModel model, String agentId, Assignment assignment, Phase phase, String prompt) {
        long start = System.nanoTime();
        ChatReply reply = model.chat(new ChatRequest(assignment.runId(), agentId, assignment.suiteId(),
                assignment.task(), phase, prompt));
        long latencyMillis = (System.nanoTime() - start) / 1_000_000;
        events.publish(new TurnCompleted(assignment.runId(), agentId, assignment.task().id(), model.name(),
                latencyMillis, reply.inputTokens(), reply.outputTokens(), Instant.now()));
        return reply;
    }

    /**
     * Writes {@code content} on top of the head the agent just read: creates the file if it has
     * none, else updates that version. Another agent's write in between is a conflict (412):
     * re-read and try again, a bounded number of times.
     */
    private long write(String runId, String path, String content, String agentId, String taskId) {
        for (int attempt = 1; attempt <= writeAttempts; attempt++) {
            Long base = workspace.read(runId, path).map(FileHead::version).orElse(null);
            WriteOutcome outcome = workspace.write(runId, path, content, base, agentId);
            switch (outcome) {
                case WriteOutcome.Written w -> {
                    return w.version();
                }
                case WriteOutcome.Conflict c -> LOG.infof("write conflict on %s: based on %s, head is %s by %s; "
                        + "re-reading (attempt %d of %d; runId=%s taskId=%s agentId=%s)", path,
                        Optional.ofNullable(base).map(String::valueOf).orElse("nothing"), c.headVersion(),
                        c.headAuthor(), attempt, writeAttempts, runId, taskId, agentId);
            }
        }
        throw new TaskFailedException("could not write " + path + ": " + writeAttempts
                + " attempts in a row conflicted with other writers (runId=" + runId + " taskId=" + taskId
                + " agentId=" + agentId + ")");
    }
}
