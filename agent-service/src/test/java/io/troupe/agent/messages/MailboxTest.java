package io.troupe.agent.messages;

import static org.assertj.core.api.Assertions.assertThat;

import io.troupe.protocol.events.InboxMessage.Message;
import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MailboxTest {
    private final Mailbox mailbox = new Mailbox(null, java.time.Duration.ofSeconds(1));

    private static Message message(String run, String text) {
        return new Message(run, "all", "agent-2", text, Instant.now());
    }

    @Test
    void anAgentReadsItsMessagesOfARunOnce() {
        // Given two messages to agent-1 in run-1 and one in run-2
        mailbox.deliver("agent-1", message("run-1", "a"));
        mailbox.deliver("agent-1", message("run-1", "b"));
        mailbox.deliver("agent-1", message("run-2", "c"));

        // When / Then it reads run-1's in order, once, and run-2's stay
        assertThat(mailbox.receive("run-1", "agent-1")).extracting(Message::text).containsExactly("a", "b");
        assertThat(mailbox.receive("run-1", "agent-1")).isEmpty();
        assertThat(mailbox.receive("run-1", "agent-3")).isEmpty();
        assertThat(mailbox.receive("run-2", "agent-1")).extracting(Message::text).containsExactly("c");
    }

    @Test
    void onlyTheLatestMessagesOfTheLatestRunsAreKept() {
        // Given more messages and runs than the mailbox keeps
        IntStream.range(0, Mailbox.PER_RUN + 5).forEach(i -> mailbox.deliver("agent-1", message("run-1", "m" + i)));
        IntStream.range(0, Mailbox.RUNS).forEach(i -> mailbox.deliver("agent-1", message("other-" + i, "x")));

        // Then the oldest run's messages went first, and a run keeps its latest messages
        assertThat(mailbox.receive("run-1", "agent-1")).isEmpty();
        mailbox.deliver("agent-2", message("run-9", "first"));
        IntStream.range(0, Mailbox.PER_RUN).forEach(i -> mailbox.deliver("agent-2", message("run-9", "n" + i)));
        assertThat(mailbox.receive("run-9", "agent-2")).hasSize(Mailbox.PER_RUN).extracting(Message::text)
                .doesNotContain("first").endsWith("n" + (Mailbox.PER_RUN - 1));
    }
}
