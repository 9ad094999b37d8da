-- Runs: when each pipeline's latest run started, shared by the replicas and kept across restarts,
-- so the expected-run check knows of a run another replica or an earlier process saw. One row per
-- pipeline; tracking_since is when the store began keeping them (the first judged window).
CREATE TABLE run_starts (
    job         TEXT    NOT NULL PRIMARY KEY,
    started_at  INTEGER NOT NULL
);

CREATE TABLE run_tracking (
    id              INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    tracking_since  INTEGER NOT NULL
);

INSERT INTO run_tracking (id, tracking_since) VALUES (1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));

-- The last ended runs of each pipeline (Runs:RecentRuns kept per pipeline), for the console and
-- the API on any replica, across restarts. stages: the stage names the run sent, comma-separated.
CREATE TABLE pipeline_runs (
    job           TEXT    NOT NULL,
    run_id        TEXT    NOT NULL,
    trace_id      TEXT    NOT NULL,
    root_span_id  TEXT,
    started_at    INTEGER NOT NULL,
    ended_at      INTEGER NOT NULL,
    stages        TEXT    NOT NULL,
    outcome       TEXT    NOT NULL CHECK (outcome IN ('succeeded', 'failed', 'abandoned')),
    PRIMARY KEY (job, run_id)
);

CREATE INDEX ix_pipeline_runs_job_ended ON pipeline_runs (job, ended_at DESC);
