package io.troupe.metrics.log;

import io.troupe.protocol.events.TroupeEvent;

/** An event as the metrics service received it: its CloudEvents id and type, and the event. */
public record LoggedEvent(String id, String type, TroupeEvent event) {
}
