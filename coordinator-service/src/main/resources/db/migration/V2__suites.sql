-- Suites uploaded or imported by users, kept as the files they consist of (suite.yaml, tests/..., solutions/...);
-- they are validated again when the coordinator starts. Built-in suites are not stored here.
CREATE TABLE suites (
    id         VARCHAR(64) NOT NULL PRIMARY KEY,
    source     VARCHAR(16) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE suite_files (
    suite_id VARCHAR(64)  NOT NULL REFERENCES suites (id),
    path     VARCHAR(512) NOT NULL,
    content  TEXT         NOT NULL,
    PRIMARY KEY (suite_id, path)
);
