using Monitor.AlertEngine.Storage.Outbox;

namespace Monitor.AlertEngine.Storage.Sqlite;

/// <summary>Every statement the SQLite store sends, in one place.</summary>
internal static class SqliteStatements
{
    public const string SelectAlerts = $"SELECT {AlertRow<long>.Columns}, version AS Version FROM alerts";

    public const string OpenByFingerprint = $"{SelectAlerts} WHERE fingerprint = @fingerprint AND is_open = 1";

    public const string ById = $"{SelectAlerts} WHERE id = @id";

    public const string Open = $"{SelectAlerts} WHERE is_open = 1 ORDER BY fired_at";

    public const string NextVersion = "UPDATE alert_version SET value = value + 1 WHERE id = 1 RETURNING value";

    public const string LatestVersion = "SELECT value FROM alert_version WHERE id = 1";

    public const string ChangedSince = $"{SelectAlerts} WHERE version > @version ORDER BY version LIMIT @limit";

    public const string Insert = """
        INSERT INTO alerts (id, fingerprint, job, type, severity, status, is_open, message, module_id, resource_id,
                            labels, data, evidence, count, fired_at, last_seen, acknowledged_by, acknowledged_at,
                            acknowledge_comment, acknowledged_until, resolved_at, silence_id, silence_until, version)
        VALUES (@Id, @Fingerprint, @Job, @Type, @Severity, @Status, @IsOpen, @Message, @ModuleId, @ResourceId,
                @Labels, @Data, @Evidence, @Count, @FiredAt, @LastSeen, @AcknowledgedBy, @AcknowledgedAt,
                @AcknowledgeComment, @AcknowledgedUntil, @ResolvedAt, @SilenceId, @SilenceUntil, @Version)
        """;

    public const string Update = """
        UPDATE alerts SET
            severity = @Severity, status = @Status, is_open = @IsOpen, message = @Message, module_id = @ModuleId,
            resource_id = @ResourceId, data = @Data, evidence = @Evidence, count = @Count, last_seen = @LastSeen,
            acknowledged_by = @AcknowledgedBy, acknowledged_at = @AcknowledgedAt, acknowledge_comment = @AcknowledgeComment,
            acknowledged_until = @AcknowledgedUntil, resolved_at = @ResolvedAt,
            silence_id = @SilenceId, silence_until = @SilenceUntil, version = @Version
        WHERE id = @Id AND version = @ExpectedVersion
        """;

    public const string InsertTransition = """
        INSERT INTO alert_transitions (alert_id, action, status, severity, at, actor, comment)
        VALUES (@AlertId, @Action, @Status, @Severity, @At, @Actor, @Comment)
        """;

    public const string History = $"SELECT {TransitionRow<long>.Columns} FROM alert_transitions WHERE alert_id = @id ORDER BY id";

    /// <summary>
    /// The filters of a query. Text of three characters or more is found through the trigram index
    /// (<c>@Phrase</c>, migration 0006); shorter text, which has no trigram, by <c>@Like</c> over the rows.
    /// </summary>
    private const string QueryFilter = """
        WHERE (@Status IS NULL OR status = @Status) AND (@OpenOnly = 0 OR is_open = 1) AND (@Severity IS NULL OR severity = @Severity)
          AND (@Job IS NULL OR job = @Job) AND (@Type IS NULL OR type = @Type)
          AND (@To IS NULL OR fired_at <= @To) AND (@From IS NULL OR is_open = 1 OR resolved_at >= @From)
          AND (@Phrase IS NULL OR rowid IN (SELECT rowid FROM alert_search WHERE alert_search MATCH @Phrase))
          AND (@Like IS NULL OR message LIKE @Like ESCAPE '\' OR labels LIKE @Like ESCAPE '\')
        """;

    public const string Query = $"{SelectAlerts} {QueryFilter} ORDER BY fired_at DESC, id DESC LIMIT @PageSize OFFSET @Offset";

    public const string Count = $"SELECT count(*) FROM alerts {QueryFilter}";

    public const string DeleteClosedBefore = "DELETE FROM alerts WHERE is_open = 0 AND fired_at < @before";

    public const string Ping = "SELECT count(*) FROM schema_migrations";

    public const string InsertDelivery = """
        INSERT INTO notification_deliveries (alert_id, receiver, kind, event, payload, idempotency_key, state, attempts, created_at, due_at)
        VALUES (@AlertId, @Receiver, @Kind, @Event, @Payload, @IdempotencyKey, 'pending', 0, @CreatedAt, @CreatedAt)
        ON CONFLICT (idempotency_key) DO NOTHING
        """;

    /// <summary>
    /// Due deliveries nobody holds, each only once every earlier delivery to the same receiver about
    /// the same alert is done (so a silence is made before it is expired), and a post to an
    /// Alertmanager only once the alert's earlier silence changes are done (a resolution must not
    /// arrive silenced, or Alertmanager never reports it and will not page the next occurrence),
    /// leased to the claimant.
    /// </summary>
    public static readonly string ClaimDeliveries = $"""
        UPDATE notification_deliveries SET claimed_by = @claimant, claimed_until = @until
        WHERE id IN (
            SELECT d.id FROM notification_deliveries AS d
            WHERE d.state = 'pending' AND d.due_at <= @now AND (d.claimed_until IS NULL OR d.claimed_until < @now)
              AND NOT EXISTS (SELECT 1 FROM notification_deliveries AS e
                              WHERE e.alert_id = d.alert_id AND e.state = 'pending' AND e.id < d.id
                                AND (e.receiver = d.receiver OR (d.kind = 'alerts' AND e.kind IN ('silence', 'unsilence'))))
            ORDER BY d.id LIMIT @limit)
        RETURNING {DeliveryRow<long>.Columns("")}
        """;

    public const string CompleteDelivery = """
        UPDATE notification_deliveries SET state = 'sent', sent_at = @at, result = @result, last_error = NULL, claimed_by = NULL, claimed_until = NULL
        WHERE id = @id AND claimed_by = @claimant
        """;

    public const string RetryDelivery = """
        UPDATE notification_deliveries SET attempts = attempts + 1, due_at = @due, last_error = @error, claimed_by = NULL, claimed_until = NULL
        WHERE id = @id AND claimed_by = @claimant
        """;

    public const string FailDelivery = """
        UPDATE notification_deliveries SET state = 'failed', attempts = attempts + 1, last_error = @error, failed_at = @at, claimed_by = NULL, claimed_until = NULL
        WHERE id = @id AND claimed_by = @claimant
        """;

    /// <summary>Deliveries given up since a time: how many, and the latest's receiver and error.</summary>
    public const string GivenUpSince = """
        SELECT count(*) AS Count,
               (SELECT receiver FROM notification_deliveries WHERE state = 'failed' AND failed_at >= @since ORDER BY failed_at DESC LIMIT 1) AS LatestReceiver,
               (SELECT last_error FROM notification_deliveries WHERE state = 'failed' AND failed_at >= @since ORDER BY failed_at DESC LIMIT 1) AS LatestError
        FROM notification_deliveries WHERE state = 'failed' AND failed_at >= @since
        """;

    public static readonly string DeliveriesOfAlert = $"SELECT {DeliveryRow<long>.Columns("")} FROM notification_deliveries WHERE alert_id = @id ORDER BY id";

    public const string PendingDeliveries = "SELECT count(*) FROM notification_deliveries WHERE state = 'pending'";

    /// <summary>When the next pending delivery may be claimed (its due time, or its lease's end).</summary>
    public const string NextDeliveryDue = "SELECT min(max(due_at, coalesce(claimed_until, 0))) FROM notification_deliveries WHERE state = 'pending'";

    public const string DeleteDoneDeliveriesBefore = "DELETE FROM notification_deliveries WHERE state <> 'pending' AND created_at < @before";
}
