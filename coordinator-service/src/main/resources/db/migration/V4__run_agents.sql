-- The team each run recruited, in team order (seq 0 is agent index 0). recruited is false for an id no live agent
-- announced (the default agent-k of a run started while no agent was known); released_at is set when the run ends.
CREATE TABLE run_agents (
    run_id      VARCHAR(64) NOT NULL REFERENCES runs (id),
    seq         INTEGER     NOT NULL,
    agent_id    VARCHAR(64) NOT NULL,
    recruited   BOOLEAN     NOT NULL,
    released_at TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (run_id, seq)
);
CREATE INDEX run_agents_by_agent ON run_agents (agent_id, released_at);
