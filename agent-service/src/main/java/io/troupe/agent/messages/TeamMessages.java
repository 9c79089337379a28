package io.troupe.agent.messages;

import io.troupe.protocol.events.InboxMessage.Message;
import java.util.List;

/** Messages between the agents of a run: sending them, and what an agent received. */
public interface TeamMessages {

    /** No team: messages go nowhere and none arrive. */
    TeamMessages NONE = new TeamMessages() {
        @Override
        public void send(Message message) {
        }

        @Override
        public List<Message> receive(String runId, String agentId) {
            return List.of();
        }
    };

    /** Sends {@code message}; returns once the broker has it. */
    void send(Message message);

    /** The messages of {@code runId} that reached {@code agentId} since it last asked, oldest first. */
    List<Message> receive(String runId, String agentId);
}
