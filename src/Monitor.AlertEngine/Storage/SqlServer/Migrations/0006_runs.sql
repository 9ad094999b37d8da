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

-- The last ended runs of each pipeline (Runs:RecentRuns kept per pipeline), for the console and
-- the API on any replica, across restarts. stages: the stage names the run sent, comma-separated.
CREATE TABLE dbo.pipeline_runs (
    job           nvarchar(256)     NOT NULL,
    run_id        nvarchar(256)     NOT NULL,
    trace_id      char(32)          NOT NULL,
    root_span_id  char(16)          NULL,
    started_at    datetimeoffset(3) NOT NULL,
    ended_at      datetimeoffset(3) NOT NULL,
    stages        varchar(100)      NOT NULL,
    outcome       varchar(16)       NOT NULL CONSTRAINT ck_pipeline_runs_outcome CHECK (outcome IN ('succeeded', 'failed', 'abandoned')),
    CONSTRAINT pk_pipeline_runs PRIMARY KEY CLUSTERED (job, run_id)
);

CREATE NONCLUSTERED INDEX ix_pipeline_runs_job_ended ON dbo.pipeline_runs (job, ended_at DESC) INCLUDE (outcome);
