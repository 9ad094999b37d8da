using Monitor.AlertEngine.Storage.Outbox;

namespace Monitor.AlertEngine.Storage.Sqlite;

/// <summary>The outbox's SQL on SQLite: a claim runs in an IMMEDIATE transaction (the file's write lock), so two processes never lease one row.</summary>
internal sealed class SqliteOutboxStatements : IOutboxStatements
{
    public string Insert => """
        INSERT INTO notification_deliveries (alert_id, receiver, kind, event, payload, idempotency_key, state, attempts, created_at, due_at)
        VALUES (@AlertId, @Receiver, @Kind, @Event, @Payload, @IdempotencyKey, 'pending', 0, @CreatedAt, @CreatedAt)
        ON CONFLICT (idempotency_key) DO NOTHING
        """;

    public string Claim => $"""
        UPDATE notification_deliveries SET claimed_by = @claimant, claimed_until = @until
        WHERE id IN (
            SELECT d.id FROM notification_deliveries AS d
            WHERE d.state = 'pending' AND d.due_at <= @now AND (d.claimed_until IS NULL OR d.claimed_until < @now)
              AND NOT EXISTS (SELECT 1 FROM notification_deliveries AS e
                              WHERE e.alert_id = d.alert_id AND e.state = 'pending' AND e.id < d.id
                                AND (e.receiver = d.receiver OR (d.kind = 'alerts' AND e.kind IN ('silence', 'unsilence'))))
            ORDER BY d.id LIMIT @limit)
        RETURNING {DeliveryRow.Columns("")}
        """;

    public string Complete => """
        UPDATE notification_deliveries SET state = 'sent', sent_at = @at, result = @result, last_error = NULL, claimed_by = NULL, claimed_until = NULL
        WHERE id = @id AND claimed_by = @claimant
        """;

    public string Retry => """
        UPDATE notification_deliveries SET attempts = attempts + 1, due_at = @due, last_error = @error, claimed_by = NULL, claimed_until = NULL
        WHERE id = @id AND claimed_by = @claimant
        """;

    public string Fail => """
        UPDATE notification_deliveries SET state = 'failed', attempts = attempts + 1, last_error = @error, failed_at = @at, claimed_by = NULL, claimed_until = NULL
        WHERE id = @id AND claimed_by = @claimant
        """;

    public string GivenUpSince => """
        SELECT count(*) AS Count,
               (SELECT receiver FROM notification_deliveries WHERE state = 'failed' AND failed_at >= @since ORDER BY failed_at DESC LIMIT 1) AS LatestReceiver,
               (SELECT last_error FROM notification_deliveries WHERE state = 'failed' AND failed_at >= @since ORDER BY failed_at DESC LIMIT 1) AS LatestError
        FROM notification_deliveries WHERE state = 'failed' AND failed_at >= @since
        """;

    public string OfAlert => $"SELECT {DeliveryRow.Columns("")} FROM notification_deliveries WHERE alert_id = @id ORDER BY id";

    public string Pending => "SELECT count(*) FROM notification_deliveries WHERE state = 'pending'";

    public string NextDue => "SELECT min(max(due_at, coalesce(claimed_until, 0))) FROM notification_deliveries WHERE state = 'pending'";

    public string DeleteDoneBefore => "DELETE FROM notification_deliveries WHERE state <> 'pending' AND created_at < @before";
}
