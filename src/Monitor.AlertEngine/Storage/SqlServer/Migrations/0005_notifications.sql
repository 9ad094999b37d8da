-- Notifications: an outbox of deliveries written in the transaction of the transition they
-- report, claimed by one replica at a time (claimed_by, claimed_until: a lease that a crash lets
-- lapse; READPAST lets replicas claim side by side), and the Alertmanager silence of an alert's
-- acknowledgement.
ALTER TABLE dbo.alerts ADD silence_id varchar(256) NULL, silence_until datetimeoffset(3) NULL;

CREATE TABLE dbo.notification_deliveries (
    id              bigint IDENTITY(1, 1) NOT NULL CONSTRAINT pk_notification_deliveries PRIMARY KEY CLUSTERED,
    alert_id        varchar(36)       NOT NULL,
    receiver        varchar(64)       NOT NULL,
    kind            varchar(16)       NOT NULL CONSTRAINT ck_notification_deliveries_kind CHECK (kind IN ('alerts', 'silence', 'unsilence', 'webhook')),
    event           varchar(16)       NOT NULL,
    payload         nvarchar(max)     NOT NULL,
    idempotency_key varchar(200)      NOT NULL CONSTRAINT ux_notification_deliveries_key UNIQUE,
    state           varchar(16)       NOT NULL CONSTRAINT ck_notification_deliveries_state CHECK (state IN ('pending', 'sent', 'failed')),
    attempts        int               NOT NULL,
    created_at      datetimeoffset(3) NOT NULL,
    due_at          datetimeoffset(3) NOT NULL,
    claimed_by      varchar(64)       NULL,
    claimed_until   datetimeoffset(3) NULL,
    sent_at         datetimeoffset(3) NULL,
    last_error      nvarchar(2000)    NULL,
    result          nvarchar(256)     NULL
);

CREATE NONCLUSTERED INDEX ix_notification_deliveries_due ON dbo.notification_deliveries (state, due_at) INCLUDE (alert_id, receiver);
CREATE NONCLUSTERED INDEX ix_notification_deliveries_alert ON dbo.notification_deliveries (alert_id, receiver, id) INCLUDE (state);
