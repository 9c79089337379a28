package io.troupe.protocol.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The CloudEvents {@code type} of every event record, and the JSON codec of their bodies.
 * Each record's wire name is pinned in {@link #NAMES} ({@code TaskDone} is {@code io.troupe.task-done}),
 * so renaming a record cannot change the wire; a record added to a sealed family must be named there
 * (this class refuses to load otherwise).
 */
public final class Events {
    public static final String TYPE_PREFIX = "io.troupe.";
    /** The CloudEvents {@code source} prefix; a service appends its own name. */
    public static final String SOURCE_PREFIX = "urn:troupe:";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The wire name of every event record: its CloudEvents type is {@link #TYPE_PREFIX} followed by it. */
    private static final Map<Class<? extends TroupeEvent>, String> NAMES = Map.ofEntries(
            Map.entry(RunEvent.RunStarted.class, "run-started"),
            Map.entry(RunEvent.RunFinished.class, "run-finished"),
            Map.entry(TaskEvent.TaskReady.class, "task-ready"),
            Map.entry(TaskEvent.TaskClaimed.class, "task-claimed"),
            Map.entry(TaskEvent.TaskDone.class, "task-done"),
            Map.entry(TaskEvent.TaskClaimBlocked.class, "task-claim-blocked"),
            Map.entry(TaskEvent.TaskClaimConflict.class, "task-claim-conflict"),
            Map.entry(TaskEvent.TaskLeaseStale.class, "task-lease-stale"),
            Map.entry(TaskEvent.TaskLeaseExpired.class, "task-lease-expired"),
            Map.entry(TaskEvent.TaskFailed.class, "task-failed"),
            Map.entry(AgentEvent.TurnStarted.class, "turn-started"),
            Map.entry(AgentEvent.TurnCompleted.class, "turn-completed"),
            Map.entry(AgentEvent.ToolCalled.class, "tool-called"),
            Map.entry(AgentEvent.TaskAbandoned.class, "task-abandoned"),
            Map.entry(AgentEvent.MessageSent.class, "message-sent"),
            Map.entry(AgentEvent.AgentBusy.class, "agent-busy"),
            Map.entry(AgentEvent.AgentIdle.class, "agent-idle"),
            Map.entry(AgentEvent.AgentHeartbeat.class, "agent-heartbeat"),
            Map.entry(WorkspaceEvent.FileWritten.class, "file-written"),
            Map.entry(WorkspaceEvent.WriteConflict.class, "write-conflict"),
            Map.entry(WorkspaceEvent.FileDeleted.class, "file-deleted"),
            Map.entry(WorkspaceEvent.FileOverwritten.class, "file-overwritten"),
            Map.entry(WorkspaceEvent.ConcurrentWrite.class, "concurrent-write"),
            Map.entry(WorkspaceEvent.TestRunCompleted.class, "test-run-completed"),
            Map.entry(InboxMessage.Assignment.class, "assignment"),
            Map.entry(InboxMessage.Message.class, "message"));

    private static final Map<Class<? extends TroupeEvent>, String> TYPES = new HashMap<>();
    private static final Map<String, Class<? extends TroupeEvent>> BY_TYPE = new HashMap<>();

    static {
        for (Class<?> family : TroupeEvent.class.getPermittedSubclasses()) {
            for (Class<?> record : family.getPermittedSubclasses()) {
                if (!NAMES.containsKey(record)) {
                    throw new IllegalStateException(record.getName() + " has no wire name in Events.NAMES");
                }
            }
        }
        NAMES.forEach((record, name) -> {
            String type = TYPE_PREFIX + name;
            TYPES.put(record, type);
            if (BY_TYPE.put(type, record) != null) {
                throw new IllegalStateException("two event records are named " + type);
            }
        });
    }

    private Events() {
    }

    /** The CloudEvents type of an event record, e.g. {@code io.troupe.task-done}. */
    public static String typeOf(Class<? extends TroupeEvent> type) {
        String name = TYPES.get(type);
        if (name == null) {
            throw new IllegalArgumentException(type.getName() + " is not an event record");
        }
        return name;
    }

    /** Every event record by its CloudEvents type. */
    public static Map<String, Class<? extends TroupeEvent>> types() {
        return Map.copyOf(BY_TYPE);
    }

    public static String typeOf(TroupeEvent event) {
        return typeOf(event.getClass());
    }

    public static String toJson(TroupeEvent event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode " + event.getClass().getSimpleName(), e);
        }
    }

    /**
     * Decodes a body whose CloudEvents type is {@code type}. Empty for types this version does not
     * know (a newer producer), so that consumers skip them instead of failing.
     */
    public static Optional<TroupeEvent> fromJson(String type, String json) {
        Class<? extends TroupeEvent> cls = BY_TYPE.get(type);
        if (cls == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(MAPPER.readValue(json, cls));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed " + type + " event: " + e.getOriginalMessage(), e);
        }
    }
}
