-- The trace context of each run's root span, so that spans made later (after a restart, or in
-- other services) join the run's trace. Written once, when the run starts with tracing on.
CREATE TABLE run_traces (
    run_id   VARCHAR(64) PRIMARY KEY,
    trace_id CHAR(32)    NOT NULL,
    span_id  CHAR(16)    NOT NULL,
    sampled  BOOLEAN     NOT NULL
);
