-- Leases on the task board, why a run ended and what it was asked for, board incidents, experiments.
ALTER TABLE tasks ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tasks ADD COLUMN lease_epoch BIGINT NOT NULL DEFAULT 0;
ALTER TABLE tasks ADD COLUMN lease_expires_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX tasks_by_lease ON tasks (state, lease_expires_at);

ALTER TABLE runs ADD COLUMN reason VARCHAR(1024);
-- RunSettings as JSON (variant, workspace mode, profile, seed, time scale, overrides, limits).
ALTER TABLE runs ADD COLUMN settings TEXT;
CREATE INDEX runs_by_status ON runs (status);

-- Refused claims and lost leases: kind is claim-conflict, claim-blocked, stale-lease or lease-expired.
CREATE TABLE task_incidents (
    run_id  VARCHAR(64)  NOT NULL REFERENCES runs (id),
    task_id VARCHAR(64)  NOT NULL,
    agent   VARCHAR(64),
    kind    VARCHAR(32)  NOT NULL,
    detail  VARCHAR(1024),
    at      TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX task_incidents_by_run ON task_incidents (run_id);

-- A sweep of runs; spec is the ExperimentRequest as JSON, the runs are planned from it in a fixed order.
CREATE TABLE experiments (
    id          VARCHAR(64)   NOT NULL PRIMARY KEY,
    spec        TEXT          NOT NULL,
    status      VARCHAR(16)   NOT NULL,
    reason      VARCHAR(1024),
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at TIMESTAMP WITH TIME ZONE
);

-- Which run executes the seq-th planned run of an experiment.
CREATE TABLE experiment_runs (
    experiment_id VARCHAR(64) NOT NULL REFERENCES experiments (id),
    seq           INTEGER     NOT NULL,
    run_id        VARCHAR(64) NOT NULL,
    PRIMARY KEY (experiment_id, seq)
);
