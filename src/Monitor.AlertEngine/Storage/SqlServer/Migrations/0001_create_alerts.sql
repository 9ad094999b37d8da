-- SQL Server: datetimeoffset(3) times, nvarchar for text a user or a pipeline wrote, varchar for
-- identifiers the monitor makes. A filtered unique index keeps one open alert per fingerprint.
CREATE TABLE dbo.alerts (
    id                  varchar(36)       NOT NULL CONSTRAINT pk_alerts PRIMARY KEY CLUSTERED,
    fingerprint         char(32)          NOT NULL,
    job                 nvarchar(256)     NOT NULL,
    type                varchar(128)      NOT NULL,
    severity            varchar(16)       NOT NULL CONSTRAINT ck_alerts_severity CHECK (severity IN ('warning', 'critical')),
    status              varchar(16)       NOT NULL CONSTRAINT ck_alerts_status CHECK (status IN ('firing', 'acknowledged', 'resolved', 'expired')),
    is_open             bit               NOT NULL,
    message             nvarchar(2000)    NOT NULL,
    module_id           nvarchar(256)     NULL,
    resource_id         nvarchar(256)     NULL,
    labels              nvarchar(max)     NOT NULL,
    data                nvarchar(max)     NOT NULL,
    evidence            nvarchar(max)     NOT NULL,
    count               bigint            NOT NULL,
    fired_at            datetimeoffset(3) NOT NULL,
    last_seen           datetimeoffset(3) NOT NULL,
    acknowledged_by     nvarchar(256)     NULL,
    acknowledged_at     datetimeoffset(3) NULL,
    acknowledge_comment nvarchar(2000)    NULL,
    acknowledged_until  datetimeoffset(3) NULL,
    resolved_at         datetimeoffset(3) NULL,
    CONSTRAINT ck_alerts_labels_json CHECK (ISJSON(labels) = 1)
);

CREATE UNIQUE NONCLUSTERED INDEX ux_alerts_open_fingerprint ON dbo.alerts (fingerprint) WHERE is_open = 1;
CREATE NONCLUSTERED INDEX ix_alerts_fired_at ON dbo.alerts (fired_at DESC) INCLUDE (status, severity, job);
CREATE NONCLUSTERED INDEX ix_alerts_status_severity ON dbo.alerts (status, severity);

CREATE TABLE dbo.alert_transitions (
    id       bigint IDENTITY(1, 1) NOT NULL CONSTRAINT pk_alert_transitions PRIMARY KEY CLUSTERED,
    alert_id varchar(36)           NOT NULL CONSTRAINT fk_alert_transitions_alert REFERENCES dbo.alerts (id) ON DELETE CASCADE,
    action   varchar(16)           NOT NULL,
    status   varchar(16)           NOT NULL,
    severity varchar(16)           NOT NULL,
    at       datetimeoffset(3)     NOT NULL,
    actor    nvarchar(256)         NULL,
    comment  nvarchar(2000)        NULL
);

CREATE NONCLUSTERED INDEX ix_alert_transitions_alert ON dbo.alert_transitions (alert_id, id);
