-- When a notification delivery was given up (state failed), so that the monitor's health can say
-- how many were given up lately, on every replica alike.
ALTER TABLE notification_deliveries ADD COLUMN failed_at INTEGER;

CREATE INDEX ix_notification_deliveries_failed ON notification_deliveries (state, failed_at);
