-- SQLite. Times are epoch milliseconds (BIGINT); lists of ids are JSON arrays of strings.
-- All text is TEXT, stored in the table's own pages: there is no separate large-object store
-- for a crash to leave half written (issue 21).

CREATE TABLE projects (
    id                  VARCHAR(64) PRIMARY KEY NOT NULL,
    owner               VARCHAR(64) NOT NULL,
    name                VARCHAR     NOT NULL,
    max_concurrent_runs INT         NOT NULL,
    created_at          BIGINT      NOT NULL
);

CREATE TABLE agent_profiles (
    -- An alias of the rowid: assigned in creation order, stable across VACUUM.
    ordinal      INTEGER PRIMARY KEY,
    id           VARCHAR(64) NOT NULL UNIQUE,
    owner        VARCHAR(64),               -- NULL: built in, visible to every user
    name         VARCHAR     NOT NULL,
    description  VARCHAR     NOT NULL,
    capabilities TEXT        NOT NULL,
    instructions TEXT,
    created_at   BIGINT      NOT NULL
);

CREATE TABLE workflows (
    id         VARCHAR(64) PRIMARY KEY NOT NULL,
    project_id VARCHAR(64) NOT NULL REFERENCES projects (id),
    name       VARCHAR     NOT NULL,
    definition TEXT        NOT NULL,        -- the nodes, every default filled in
    created_at BIGINT      NOT NULL,
    deleted_at BIGINT                       -- soft delete: runs keep naming the workflow
);

CREATE INDEX workflows_by_project ON workflows (project_id);

CREATE TABLE context_items (
    id         VARCHAR(64) PRIMARY KEY NOT NULL,
    project_id VARCHAR(64) NOT NULL REFERENCES projects (id),
    name       VARCHAR     NOT NULL,
    content    TEXT        NOT NULL,
    created_at BIGINT      NOT NULL
);

CREATE INDEX context_items_by_project ON context_items (project_id);

CREATE TABLE runs (
    ordinal           INTEGER PRIMARY KEY,  -- the rowid: creation order, for paging and FIFO admission
    id                VARCHAR(64) NOT NULL UNIQUE,
    project_id        VARCHAR(64) NOT NULL REFERENCES projects (id),
    workflow_id       VARCHAR(64) NOT NULL REFERENCES workflows (id),
    workflow_snapshot TEXT        NOT NULL, -- the nodes as they were when the run started
    status            VARCHAR(16) NOT NULL,
    input_query       TEXT        NOT NULL,
    output_summary    TEXT,
    context_item_ids  TEXT        NOT NULL,
    error_node_id     VARCHAR(64),
    error_message     TEXT,
    started_at        BIGINT      NOT NULL,
    finished_at       BIGINT,
    -- Per-run counters, incremented atomically: step numbers, message order, event sequence.
    last_step_number  INT         NOT NULL DEFAULT 0,
    last_message_seq  BIGINT      NOT NULL DEFAULT 0,
    last_event_seq    BIGINT      NOT NULL DEFAULT 0,
    -- The last user message the final node(s) have taken up; later ones await an answer.
    answered_seq      BIGINT      NOT NULL DEFAULT 0
);

CREATE INDEX runs_by_project ON runs (project_id, ordinal);
CREATE INDEX runs_by_project_status ON runs (project_id, status, ordinal);
CREATE INDEX runs_by_status ON runs (status);

CREATE TABLE steps (
    id           VARCHAR(64) PRIMARY KEY NOT NULL,
    run_id       VARCHAR(64) NOT NULL REFERENCES runs (id),
    step_number  INT         NOT NULL,
    node_id      VARCHAR(64) NOT NULL,
    kind         VARCHAR(8)  NOT NULL,
    name         VARCHAR     NOT NULL,
    tool_call_id VARCHAR,
    attempt      INT         NOT NULL,
    status       VARCHAR(16) NOT NULL,
    input        TEXT,
    output       TEXT,
    error        TEXT,
    duration_ms  BIGINT,
    started_at   BIGINT      NOT NULL,
    completed_at BIGINT,
    CONSTRAINT steps_in_order UNIQUE (run_id, step_number)
);

CREATE INDEX steps_by_status ON steps (run_id, status);

CREATE TABLE node_states (
    run_id       VARCHAR(64) NOT NULL REFERENCES runs (id),
    node_id      VARCHAR(64) NOT NULL,
    ordinal      INT         NOT NULL,      -- the node's place in the workflow
    agent_id     VARCHAR(64) NOT NULL,      -- the fallback's agent once the node fell back
    model        VARCHAR     NOT NULL,
    on_fallback  BOOLEAN     NOT NULL DEFAULT FALSE,
    status       VARCHAR(16) NOT NULL,
    progress     DOUBLE PRECISION NOT NULL DEFAULT 0,
    model_calls  INT         NOT NULL DEFAULT 0,
    notes        TEXT        NOT NULL,
    output       TEXT,
    started_at   BIGINT,
    completed_at BIGINT,
    PRIMARY KEY (run_id, node_id)
);

CREATE TABLE messages (
    id               VARCHAR(64) PRIMARY KEY NOT NULL,
    run_id           VARCHAR(64) NOT NULL REFERENCES runs (id),
    seq              BIGINT      NOT NULL,
    role             VARCHAR(8)  NOT NULL,
    message_type     VARCHAR(16) NOT NULL,
    content          TEXT        NOT NULL,
    node_id          VARCHAR(64),
    tool_call_id     VARCHAR,
    tool_name        VARCHAR(64),
    context_item_ids TEXT        NOT NULL,
    -- Set on the messages of a turn that a fallback agent replayed: kept for the record,
    -- left out of the conversation the node continues.
    superseded       BOOLEAN     NOT NULL DEFAULT FALSE,
    created_at       BIGINT      NOT NULL,
    CONSTRAINT messages_in_order UNIQUE (run_id, seq)
);

CREATE TABLE run_events (
    run_id      VARCHAR(64) NOT NULL REFERENCES runs (id),
    sequence_no BIGINT      NOT NULL,
    event_type  VARCHAR(64) NOT NULL,
    occurred_at BIGINT      NOT NULL,
    data        TEXT        NOT NULL,
    PRIMARY KEY (run_id, sequence_no)
);
