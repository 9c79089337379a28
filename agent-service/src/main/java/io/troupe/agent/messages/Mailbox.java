package io.troupe.agent.messages;

import io.troupe.agent.config.AgentConfig;
import io.troupe.protocol.events.InboxMessage.Message;
import io.troupe.support.outbox.BoundedSend;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/**
 * Sends agents' messages on {@code troupe.agent-inbox} and keeps those that reached this process's
 * agents until each reads them at its next turn. Bounded: per agent the last
 * {@value #PER_RUN} messages of each of its last {@value #RUNS} runs (an agent not in a run's team
 * still receives what is sent to all, and never reads it).
 */
@ApplicationScoped
public class Mailbox implements TeamMessages {
    public static final String CHANNEL = "agent-messages";
    static final int PER_RUN = 50;
    static final int RUNS = 16;
    private static final String SOURCE = "agent-service";

    private final Emitter<String> emitter;
    private final Map<String, Map<String, Deque<Message>>> boxes = new LinkedHashMap<>();

    private final Duration timeout;

    @Inject
    public Mailbox(@Channel(CHANNEL) Emitter<String> emitter, AgentConfig config) {
        this(emitter, config.agent().publishTimeout());
    }

    Mailbox(Emitter<String> emitter, Duration timeout) {
        this.emitter = emitter;
        this.timeout = timeout;
    }

    /** Sends under {@link BoundedSend}'s rule; throws {@link BoundedSend.NotDelivered} if not acknowledged in time. */
    @Override
    public void send(Message message) {
        BoundedSend.send(emitter, SOURCE, message, timeout);
    }

    /** Keeps {@code message} for {@code agentId} (its addressee, or one of the team if sent to all). */
    public synchronized void deliver(String agentId, Message message) {
        Map<String, Deque<Message>> runs = boxes.computeIfAbsent(agentId, id -> new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Deque<Message>> eldest) {
                return size() > RUNS;
            }
        });
        Deque<Message> box = runs.computeIfAbsent(message.runId(), run -> new ArrayDeque<>());
        box.addLast(message);
        while (box.size() > PER_RUN) {
            box.removeFirst();
        }
    }

    @Override
    public synchronized List<Message> receive(String runId, String agentId) {
        Map<String, Deque<Message>> runs = boxes.get(agentId);
        Deque<Message> box = runs == null ? null : runs.remove(runId);
        return box == null ? List.of() : List.copyOf(box);
    }
}
