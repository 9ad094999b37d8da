-- Every change of an alert moves its rowversion, a counter over the whole database: a replica asks
-- for the alerts changed since the last version it saw, and a write is conditional on the version
-- it read (optimistic concurrency).
ALTER TABLE dbo.alerts ADD version rowversion NOT NULL;

CREATE NONCLUSTERED INDEX ix_alerts_version ON dbo.alerts (version);
CREATE NONCLUSTERED INDEX ix_alerts_job_fired_at ON dbo.alerts (job, fired_at DESC);
CREATE NONCLUSTERED INDEX ix_alerts_type_fired_at ON dbo.alerts (type, fired_at DESC);
