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
 * The type is derived from the record's name ({@code TaskDone} becomes {@code io.troupe.task-done}),
 * so adding a record to a sealed family is all it takes to give it a wire name.
 */
public final class Events {
    public static final String TYPE_PREFIX = "io.troupe.";
    /** The CloudEvents {@code source} prefix; a service appends its own name. */
    public static final String SOURCE_PREFIX = "urn:troupe:";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static final Map<String, Class<? extends TroupeEvent>> BY_TYPE = new HashMap<>();

    static {
        for (Class<?> family : TroupeEvent.class.getPermittedSubclasses()) {
            for (Class<?> record : family.getPermittedSubclasses()) {
                register(record.asSubclass(TroupeEvent.class));
            }
        }
    }

    private Events() {
    }

    private static void register(Class<? extends TroupeEvent> type) {
        BY_TYPE.put(typeOf(type), type);
    }

    public static String typeOf(Class<? extends TroupeEvent> type) {
        return TYPE_PREFIX + type.getSimpleName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
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
