-- The transactional outbox of io.troupe.support.outbox, the same table in every service that stores data
-- (each adds classpath:db/outbox to quarkus.flyway.pg.locations; see docs/api.md, "Delivery of events").
-- A repeatable migration, applied after the service's own versioned ones and again whenever this file
-- changes: it has no version number to collide with a service's V<n>, so every statement here must be
-- idempotent (CREATE ... IF NOT EXISTS, ALTER ... ADD COLUMN IF NOT EXISTS).
CREATE TABLE IF NOT EXISTS troupe_outbox (
    -- append order: the relay sends rows in this order
    seq         BIGSERIAL PRIMARY KEY,
    -- the outgoing channel (mp.messaging.outgoing.<channel>), which names the topic
    channel     TEXT        NOT NULL,
    -- the CloudEvents id, the same on every resend
    event_id    TEXT        NOT NULL,
    -- the CloudEvents type (Events.typeOf)
    event_type  TEXT        NOT NULL,
    -- the run id: the Kafka key and the CloudEvents subject
    run_id      TEXT,
    -- the event as JSON (Events.toJson)
    payload     TEXT        NOT NULL,
    -- the W3C trace context current at the append, restored while the row is sent
    traceparent TEXT,
    tracestate  TEXT,
    -- when the event was appended: its CloudEvents time
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
