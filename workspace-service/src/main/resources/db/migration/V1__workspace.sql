-- One run's workspace.
CREATE TABLE workspaces (
    run_id       VARCHAR(128)             NOT NULL PRIMARY KEY,
    mode         VARCHAR(32)              NOT NULL,
    test_command VARCHAR(2000)            NOT NULL,
    created_by   VARCHAR(128)             NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Every accepted write, append-only: rows are never updated or deleted. The head of a file is
-- its highest version. The primary key makes two writers that both saw version n and both try
-- to append n + 1 collide: the second insert fails, and that writer gets a 412.
CREATE TABLE file_versions (
    run_id     VARCHAR(128)             NOT NULL REFERENCES workspaces (run_id),
    path       VARCHAR(255)             NOT NULL,
    version    BIGINT                   NOT NULL,
    author     VARCHAR(128)             NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    size       BIGINT                   NOT NULL,
    sha256     VARCHAR(64)              NOT NULL,
    content    TEXT                     NOT NULL,
    PRIMARY KEY (run_id, path, version)
);

-- Every refused conditional write.
CREATE TABLE write_conflicts (
    id           VARCHAR(36)              NOT NULL PRIMARY KEY,
    run_id       VARCHAR(128)             NOT NULL REFERENCES workspaces (run_id),
    path         VARCHAR(255)             NOT NULL,
    agent_id     VARCHAR(128)             NOT NULL,
    base_version BIGINT,
    head_version BIGINT                   NOT NULL,
    head_author  VARCHAR(128),
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX write_conflicts_run ON write_conflicts (run_id);

CREATE TABLE test_runs (
    id              VARCHAR(36)              NOT NULL PRIMARY KEY,
    run_id          VARCHAR(128)             NOT NULL REFERENCES workspaces (run_id),
    agent_id        VARCHAR(128)             NOT NULL,
    paths           TEXT,
    passed          INTEGER                  NOT NULL,
    failed          INTEGER                  NOT NULL,
    errors          INTEGER                  NOT NULL,
    exit_code       INTEGER                  NOT NULL,
    timed_out       BOOLEAN                  NOT NULL,
    duration_millis BIGINT                   NOT NULL,
    output          TEXT                     NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX test_runs_run ON test_runs (run_id);
