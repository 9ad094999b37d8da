-- SQLite: times are INTEGER Unix milliseconds (sortable, compact); JSON columns are TEXT.
CREATE TABLE alerts (
    id                  TEXT    NOT NULL PRIMARY KEY,
    fingerprint         TEXT    NOT NULL,
    job                 TEXT    NOT NULL,
    type                TEXT    NOT NULL,
    severity            TEXT    NOT NULL CHECK (severity IN ('warning', 'critical')),
    status              TEXT    NOT NULL CHECK (status IN ('firing', 'acknowledged', 'resolved', 'expired')),
    is_open             INTEGER NOT NULL CHECK (is_open IN (0, 1)),
    message             TEXT    NOT NULL,
    module_id           TEXT,
    resource_id         TEXT,
    labels              TEXT    NOT NULL,
    data                TEXT    NOT NULL,
    evidence            TEXT    NOT NULL,
    count               INTEGER NOT NULL,
    fired_at            INTEGER NOT NULL,
    last_seen           INTEGER NOT NULL,
    acknowledged_by     TEXT,
    acknowledged_at     INTEGER,
    acknowledge_comment TEXT,
    acknowledged_until  INTEGER,
    resolved_at         INTEGER
) STRICT;

-- One open alert per problem, whatever the number of writers.
CREATE UNIQUE INDEX ux_alerts_open_fingerprint ON alerts (fingerprint) WHERE is_open = 1;
CREATE INDEX ix_alerts_fired_at ON alerts (fired_at);
CREATE INDEX ix_alerts_status_severity ON alerts (status, severity);

CREATE TABLE alert_transitions (
    id       INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    alert_id TEXT    NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    action   TEXT    NOT NULL,
    status   TEXT    NOT NULL,
    severity TEXT    NOT NULL,
    at       INTEGER NOT NULL,
    actor    TEXT,
    comment  TEXT
) STRICT;

CREATE INDEX ix_alert_transitions_alert ON alert_transitions (alert_id, id);
