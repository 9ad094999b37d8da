-- Notifications: an outbox of deliveries written in the transaction of the transition they
-- report, claimed by one replica at a time (claimed_by, claimed_until: a lease that a crash lets
-- lapse), and the Alertmanager silence of an alert's acknowledgement.
ALTER TABLE alerts ADD COLUMN silence_id TEXT;
ALTER TABLE alerts ADD COLUMN silence_until INTEGER;

CREATE TABLE notification_deliveries (
    id              INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    alert_id        TEXT    NOT NULL,
    receiver        TEXT    NOT NULL,
    kind            TEXT    NOT NULL CHECK (kind IN ('alerts', 'silence', 'unsilence', 'webhook')),
    event           TEXT    NOT NULL,
    payload         TEXT    NOT NULL,
    idempotency_key TEXT    NOT NULL UNIQUE,
    state           TEXT    NOT NULL CHECK (state IN ('pending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,
    due_at          INTEGER NOT NULL,
    claimed_by      TEXT,
    claimed_until   INTEGER,
    sent_at         INTEGER,
    last_error      TEXT,
    result          TEXT
) STRICT;

CREATE INDEX ix_notification_deliveries_due ON notification_deliveries (state, due_at);
CREATE INDEX ix_notification_deliveries_alert ON notification_deliveries (alert_id, receiver, id);
