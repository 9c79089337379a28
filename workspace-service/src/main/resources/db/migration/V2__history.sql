-- The head a write was based on (null for a write that named none), and tombstones: a DELETE
-- appends a version marked deleted, so the history of a deleted file is kept.
ALTER TABLE file_versions ADD COLUMN base_version BIGINT;
ALTER TABLE file_versions ADD COLUMN deleted BOOLEAN NOT NULL DEFAULT FALSE;

-- Last-writer-wins accounting: a write that replaced another agent's version it had not read
-- (its base older than the head, or none). destroyed_chars: characters of the replaced
-- version's lines the new one does not keep.
CREATE TABLE overwrites (
    run_id              VARCHAR(128)             NOT NULL REFERENCES workspaces (run_id),
    path                VARCHAR(255)             NOT NULL,
    version             BIGINT                   NOT NULL,
    agent_id            VARCHAR(128)             NOT NULL,
    base_version        BIGINT,
    overwritten_version BIGINT                   NOT NULL,
    overwritten_author  VARCHAR(128)             NOT NULL,
    destroyed_chars     BIGINT                   NOT NULL,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (run_id, path, version)
);

-- Two agents writing one path within troupe.workspace.concurrent-window.
CREATE TABLE concurrent_writes (
    run_id         VARCHAR(128)             NOT NULL REFERENCES workspaces (run_id),
    path           VARCHAR(255)             NOT NULL,
    version        BIGINT                   NOT NULL,
    agent_id       VARCHAR(128)             NOT NULL,
    other_version  BIGINT                   NOT NULL,
    other_agent_id VARCHAR(128)             NOT NULL,
    gap_millis     BIGINT                   NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (run_id, path, version)
);
