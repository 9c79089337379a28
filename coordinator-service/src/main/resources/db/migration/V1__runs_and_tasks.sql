-- Runs and their task board. Portable SQL: the same script migrates PostgreSQL and H2 (MODE=PostgreSQL).
CREATE TABLE runs (
    id                   VARCHAR(64)  NOT NULL PRIMARY KEY,
    experiment_id        VARCHAR(64),
    suite_id             VARCHAR(64)  NOT NULL,
    architecture         VARCHAR(32)  NOT NULL,
    agents               INTEGER      NOT NULL,
    model_provider       VARCHAR(64)  NOT NULL,
    model_name           VARCHAR(128) NOT NULL,
    model_latency_millis BIGINT       NOT NULL,
    status               VARCHAR(16)  NOT NULL,
    created_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at          TIMESTAMP WITH TIME ZONE
);

CREATE INDEX runs_by_created_at ON runs (created_at);

-- One row per task of a run. Every change is a compare-and-set on (state, version).
-- assignee is the agent an architecture planned for the task (preassigned runs); agent is its current owner.
CREATE TABLE tasks (
    run_id     VARCHAR(64) NOT NULL REFERENCES runs (id),
    task_id    VARCHAR(64) NOT NULL,
    seq        INTEGER     NOT NULL,
    state      VARCHAR(16) NOT NULL,
    assignee   VARCHAR(64),
    agent      VARCHAR(64),
    version    BIGINT      NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (run_id, task_id)
);
