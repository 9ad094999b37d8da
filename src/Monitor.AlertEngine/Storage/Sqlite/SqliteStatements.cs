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
                            acknowledge_comment, acknowledged_until, resolved_at, version)
        VALUES (@Id, @Fingerprint, @Job, @Type, @Severity, @Status, @IsOpen, @Message, @ModuleId, @ResourceId,
                @Labels, @Data, @Evidence, @Count, @FiredAt, @LastSeen, @AcknowledgedBy, @AcknowledgedAt,
                @AcknowledgeComment, @AcknowledgedUntil, @ResolvedAt, @Version)
        """;

    public const string Update = """
        UPDATE alerts SET
            severity = @Severity, status = @Status, is_open = @IsOpen, message = @Message, module_id = @ModuleId,
            resource_id = @ResourceId, data = @Data, evidence = @Evidence, count = @Count, last_seen = @LastSeen,
            acknowledged_by = @AcknowledgedBy, acknowledged_at = @AcknowledgedAt, acknowledge_comment = @AcknowledgeComment,
            acknowledged_until = @AcknowledgedUntil, resolved_at = @ResolvedAt, version = @Version
        WHERE id = @Id AND version = @ExpectedVersion
        """;

    public const string InsertTransition = """
        INSERT INTO alert_transitions (alert_id, action, status, severity, at, actor, comment)
        VALUES (@AlertId, @Action, @Status, @Severity, @At, @Actor, @Comment)
        """;

    public const string History = $"SELECT {TransitionRow<long>.Columns} FROM alert_transitions WHERE alert_id = @id ORDER BY id";

    /// <summary>The filters of a query; <c>@Like</c> is the escaped text search pattern.</summary>
    private const string QueryFilter = """
        WHERE (@Status IS NULL OR status = @Status) AND (@Severity IS NULL OR severity = @Severity)
          AND (@Job IS NULL OR job = @Job) AND (@Type IS NULL OR type = @Type)
          AND (@To IS NULL OR fired_at <= @To) AND (@From IS NULL OR is_open = 1 OR resolved_at >= @From)
          AND (@Like IS NULL OR message LIKE @Like ESCAPE '\' OR labels LIKE @Like ESCAPE '\')
        """;

    public const string Query = $"{SelectAlerts} {QueryFilter} ORDER BY fired_at DESC, id DESC LIMIT @PageSize OFFSET @Offset";

    public const string Count = $"SELECT count(*) FROM alerts {QueryFilter}";

    public const string DeleteClosedBefore = "DELETE FROM alerts WHERE is_open = 0 AND fired_at < @before";

    public const string Ping = "SELECT count(*) FROM schema_migrations";
}
