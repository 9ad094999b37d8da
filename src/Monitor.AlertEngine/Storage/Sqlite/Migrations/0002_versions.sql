-- Every change of an alert takes the next value of one counter (alert_version): a replica asks
-- for the alerts changed since the last version it saw, and a write is conditional on the version
-- it read (optimistic concurrency).
ALTER TABLE alerts ADD COLUMN version INTEGER NOT NULL DEFAULT 0;

CREATE TABLE alert_version (
    id    INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    value INTEGER NOT NULL
) STRICT;

UPDATE alerts SET version = rowid;
INSERT INTO alert_version (id, value) SELECT 1, coalesce(max(version), 0) FROM alerts;

CREATE INDEX ix_alerts_version ON alerts (version);
CREATE INDEX ix_alerts_job_fired_at ON alerts (job, fired_at);
CREATE INDEX ix_alerts_type_fired_at ON alerts (type, fired_at);
