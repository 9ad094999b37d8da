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
