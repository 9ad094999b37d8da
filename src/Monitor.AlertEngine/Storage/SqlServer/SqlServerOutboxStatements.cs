using Monitor.AlertEngine.Storage.Outbox;

namespace Monitor.AlertEngine.Storage.SqlServer;

/// <summary>
/// The outbox's T-SQL: a claim is one UPDATE over rows read WITH (UPDLOCK, READPAST), so replicas
/// claim side by side without waiting on each other's locks and never lease one row twice.
/// </summary>
internal sealed class SqlServerOutboxStatements : IOutboxStatements
{
    public string Insert => """
        INSERT INTO dbo.notification_deliveries (alert_id, receiver, kind, event, payload, idempotency_key, state, attempts, created_at, due_at)
        SELECT @AlertId, @Receiver, @Kind, @Event, @Payload, @IdempotencyKey, 'pending', 0, @CreatedAt, @CreatedAt
        WHERE NOT EXISTS (SELECT 1 FROM dbo.notification_deliveries WHERE idempotency_key = @IdempotencyKey);
        """;

    public string Claim => $"""
        WITH next AS (
            SELECT TOP (@limit) d.id, d.alert_id, d.receiver, d.kind, d.event, d.payload, d.idempotency_key, d.state, d.attempts,
                   d.created_at, d.sent_at, d.last_error, d.result, d.claimed_by, d.claimed_until
            FROM dbo.notification_deliveries AS d WITH (UPDLOCK, READPAST, ROWLOCK)
            WHERE d.state = 'pending' AND d.due_at <= @now AND (d.claimed_until IS NULL OR d.claimed_until < @now)
              AND NOT EXISTS (SELECT 1 FROM dbo.notification_deliveries AS e
                              WHERE e.alert_id = d.alert_id AND e.state = 'pending' AND e.id < d.id
                                AND (e.receiver = d.receiver OR (d.kind = 'alerts' AND e.kind IN ('silence', 'unsilence'))))
            ORDER BY d.id)
        UPDATE next SET claimed_by = @claimant, claimed_until = @until
        OUTPUT {DeliveryRow.Columns("inserted.")};
        """;

    public string Complete => """
        UPDATE dbo.notification_deliveries SET state = 'sent', sent_at = @at, result = @result, last_error = NULL, claimed_by = NULL, claimed_until = NULL
        WHERE id = @id AND claimed_by = @claimant;
        """;

    public string Retry => """
        UPDATE dbo.notification_deliveries SET attempts = attempts + 1, due_at = @due, last_error = @error, claimed_by = NULL, claimed_until = NULL
        WHERE id = @id AND claimed_by = @claimant;
        """;

    public string Fail => """
        UPDATE dbo.notification_deliveries SET state = 'failed', attempts = attempts + 1, last_error = @error, failed_at = @at, claimed_by = NULL, claimed_until = NULL
        WHERE id = @id AND claimed_by = @claimant;
        """;

    public string GivenUpSince => """
        SELECT COUNT_BIG(*) AS Count, latest.receiver AS LatestReceiver, latest.last_error AS LatestError
        FROM dbo.notification_deliveries AS d
        OUTER APPLY (SELECT TOP (1) l.receiver, l.last_error FROM dbo.notification_deliveries AS l
                     WHERE l.state = 'failed' AND l.failed_at >= @since ORDER BY l.failed_at DESC) AS latest
        WHERE d.state = 'failed' AND d.failed_at >= @since
        GROUP BY latest.receiver, latest.last_error;
        """;

    public string OfAlert => $"SELECT {DeliveryRow.Columns("")} FROM dbo.notification_deliveries WHERE alert_id = @id ORDER BY id;";

    public string Pending => "SELECT COUNT_BIG(*) FROM dbo.notification_deliveries WHERE state = 'pending';";

    public string NextDue => """
        SELECT MIN(CASE WHEN claimed_until IS NOT NULL AND claimed_until > due_at THEN claimed_until ELSE due_at END)
        FROM dbo.notification_deliveries WHERE state = 'pending';
        """;

    public string DeleteDoneBefore => "DELETE FROM dbo.notification_deliveries WHERE state <> 'pending' AND created_at < @before;";
}
