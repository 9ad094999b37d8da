-- Runs: when each pipeline's latest run started, shared by the replicas and kept across restarts,
-- so the expected-run check knows of a run another replica or an earlier process saw. One row per
-- pipeline; tracking_since is when the store began keeping them (the first judged window).
CREATE TABLE dbo.run_starts (
    job         nvarchar(256)     NOT NULL CONSTRAINT pk_run_starts PRIMARY KEY CLUSTERED,
    started_at  datetimeoffset(3) NOT NULL
);

CREATE TABLE dbo.run_tracking (
    id              int               NOT NULL CONSTRAINT pk_run_tracking PRIMARY KEY CLUSTERED CONSTRAINT ck_run_tracking_one CHECK (id = 1),
    tracking_since  datetimeoffset(3) NOT NULL
);

INSERT INTO dbo.run_tracking (id, tracking_since) VALUES (1, SYSDATETIMEOFFSET());
