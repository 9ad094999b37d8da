-- When a notification delivery was given up (state failed), so that the monitor's health can say
-- how many were given up lately, on every replica alike.
ALTER TABLE dbo.notification_deliveries ADD failed_at datetimeoffset(3) NULL;

CREATE NONCLUSTERED INDEX ix_notification_deliveries_failed ON dbo.notification_deliveries (state, failed_at) INCLUDE (receiver);
