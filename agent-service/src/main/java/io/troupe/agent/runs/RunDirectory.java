package io.troupe.agent.runs;

import io.troupe.protocol.events.AgentEvent;
import io.troupe.protocol.events.InboxMessage;
import io.troupe.protocol.events.RunEvent;
import io.troupe.protocol.events.RunEvent.RunStarted;
import io.troupe.protocol.events.TaskEvent;
import io.troupe.protocol.events.WorkspaceEvent;
import io.troupe.support.messaging.CloudEvents;
import io.troupe.support.messaging.CloudEvents.Received;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The running runs whose agents pick their own tasks ({@code queue}, {@code decentralized}) or whose
 * lead assigns them ({@code lead}), and the running runs in rounds (whose idle agents still take turns), from
 * {@code troupe.run-events}: every process reads the whole topic (its own consumer group), so each
 * knows every such run from its {@code RunStarted} until its {@code RunFinished}.
 */
@ApplicationScoped
public class RunDirectory {
    public static final String CHANNEL = "run-events";
    public static final String QUEUE = "queue";
    public static final String DECENTRALIZED = "decentralized";
    public static final String LEAD = "lead";

    private static final Logger LOG = Logger.getLogger(RunDirectory.class);

    private final Map<String, RunStarted> running = new ConcurrentHashMap<>();
    /** The running runs in rounds, of every architecture. */
    private final Map<String, RunStarted> inRounds = new ConcurrentHashMap<>();
    private final Map<String, Boolean> finished = new ConcurrentHashMap<>();
    private final Event<RunOver> over;
    private final Event<RunBegun> begun;

    /** A run ended ({@code RunFinished}): its agents stop its work at once. */
    public record RunOver(String runId) {
    }

    /** A run whose agents find their own tasks began ({@code RunStarted}); {@code architecture} without variant. */
    public record RunBegun(RunStarted run, String architecture) {
    }

    @Inject
    public RunDirectory(Event<RunOver> over, Event<RunBegun> begun) {
        this.over = over;
        this.begun = begun;
    }

    /** A directory that tells nobody when a run begins or is over (tests). */
    public RunDirectory() {
        this(null, null);
    }

    @Incoming(CHANNEL)
    public CompletionStage<Void> onMessage(Message<String> message) {
        Optional<Received> received = CloudEvents.decodeOrSkip(message, "run event");
        received.ifPresent(r -> {
            switch (r.event()) {
                case RunEvent e -> onRunEvent(e);
                case TaskEvent ignored -> { }
                case AgentEvent ignored -> { }
                case WorkspaceEvent ignored -> { }
                case InboxMessage ignored -> { }
            }
        });
        return message.ack();
    }

    /** Learns of a run starting or finishing. */
    public void onRunEvent(RunEvent event) {
        switch (event) {
            case RunStarted started -> {
                String architecture = base(started.architecture());
                boolean picks = QUEUE.equals(architecture) || DECENTRALIZED.equals(architecture)
                        || LEAD.equals(architecture);
                if ((picks || started.inRounds()) && !finished.containsKey(started.runId())) {
                    if (picks) {
                        running.put(started.runId(), started);
                    }
                    if (started.inRounds()) {
                        inRounds.put(started.runId(), started);
                    }
                    LOG.infof("run started architecture=%s agents=%d (runId=%s)", started.architecture(),
                            started.agents(), started.runId());
                    if (begun != null) {
                        begun.fire(new RunBegun(started, architecture));
                    }
                }
            }
            case RunEvent.RunFinished done -> {
                forget(done.runId());
                if (over != null) {
                    over.fire(new RunOver(done.runId()));
                }
            }
        }
    }

    /** Whether the run is known to be over. */
    public boolean over(String runId) {
        return finished.containsKey(runId);
    }

    /** The run is over (its {@code RunFinished}, or its board said so). */
    public void forget(String runId) {
        finished.put(runId, true);
        inRounds.remove(runId);
        if (running.remove(runId) != null) {
            LOG.infof("run over (runId=%s)", runId);
        }
    }

    /** The running runs in rounds (see {@link io.troupe.protocol.Execution#ROUNDS}), oldest first. */
    public List<RunStarted> runningInRounds() {
        return inRounds.values().stream().sorted(java.util.Comparator.comparing(RunStarted::at)).toList();
    }

    /** The running runs of {@code architecture}, oldest first. */
    public List<RunStarted> running(String architecture) {
        return running.values().stream().filter(r -> architecture.equals(base(r.architecture())))
                .sorted(java.util.Comparator.comparing(RunStarted::at)).toList();
    }

    /**
     * Whether a running run of {@code architecture} has worker {@code agentId} (number {@code index}
     * of this process) on its team: recruited by name, or one of the first n of a run without named team.
     */
    public boolean recruits(String architecture, String agentId, int index) {
        return running(architecture).stream().anyMatch(r -> r.hasOnTeam(agentId, index));
    }

    /** {@code queue:variant} → {@code queue}. */
    static String base(String architecture) {
        if (architecture == null) {
            return "";
        }
        int colon = architecture.indexOf(':');
        return colon < 0 ? architecture : architecture.substring(0, colon);
    }
}
