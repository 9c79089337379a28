package io.troupe.agent.worker;

import io.troupe.agent.config.AgentConfig;
import io.troupe.agent.loop.AgentLoop;
import io.troupe.protocol.events.InboxMessage.Assignment;
import io.troupe.support.problem.ProblemException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

/** The workers this process hosts ({@code troupe.agent.workers} of them), and who does what. */
@ApplicationScoped
public class AgentPool {
    private final Map<String, Worker> workers = new LinkedHashMap<>();
    private final AgentLoop loop;

    public AgentPool(AgentConfig config, AgentLoop loop) {
        this.loop = loop;
        IntStream.rangeClosed(1, config.agent().workers())
                .mapToObj(i -> config.agent().idPrefix() + i)
                .forEach(id -> workers.put(id, new Worker(id)));
    }

    /** Whether {@code agentId} is one of this process's workers. */
    public boolean hosts(String agentId) {
        return workers.containsKey(agentId);
    }

    /**
     * Gives {@code assignment} to its agent, behind the tasks it already has; empty if that
     * agent is not hosted here. The future completes when the task's work is done.
     */
    public Optional<CompletableFuture<Void>> dispatch(Assignment assignment) {
        return Optional.ofNullable(workers.get(assignment.agentId()))
                .map(worker -> worker.submit(assignment, loop::work));
    }

    public List<AgentView> agents() {
        return workers.values().stream().map(Worker::view).toList();
    }

    public AgentView agent(String agentId) {
        Worker worker = workers.get(agentId);
        if (worker == null) {
            throw ProblemException.notFound("agent", "no agent '" + agentId + "' is hosted by this agent service; it "
                    + "hosts " + String.join(", ", workers.keySet()) + " (GET /api/agents lists them)");
        }
        return worker.view();
    }

    @PreDestroy
    void stop() {
        workers.values().forEach(Worker::stop);
    }
}
