using Monitor.AlertEngine.Model;

namespace Monitor.AlertEngine.Storage.Sqlite;

/// <summary>The alert store's SQL on SQLite. A write transaction holds the file's write lock, so its reads lock nothing more.</summary>
internal sealed class SqliteAlertStatements : IAlertStatements
{
    private const string SelectAlerts = $"SELECT {AlertRow.Columns}, version AS Version FROM alerts";

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

    public string OpenByFingerprintLocked => $"{SelectAlerts} WHERE fingerprint = @fingerprint AND is_open = 1";

    public string ByIdLocked => ById;

    public string ById => $"{SelectAlerts} WHERE id = @id";

    public string Open => $"{SelectAlerts} WHERE is_open = 1 ORDER BY fired_at";

    // One writer at a time commits, in version order: every version up to the latest is committed.
    public string LatestVersion => "SELECT value FROM alert_version WHERE id = 1";

    public string ChangedSince => $"{SelectAlerts} WHERE version > @version ORDER BY version LIMIT @limit";

    public string? NextVersion => "UPDATE alert_version SET value = value + 1 WHERE id = 1 RETURNING value";

    public string Insert => """
        INSERT INTO alerts (id, fingerprint, job, type, severity, status, is_open, message, module_id, resource_id,
                            labels, data, evidence, count, fired_at, last_seen, acknowledged_by, acknowledged_at,
                            acknowledge_comment, acknowledged_until, resolved_at, silence_id, silence_until, version)
        VALUES (@Id, @Fingerprint, @Job, @Type, @Severity, @Status, @IsOpen, @Message, @ModuleId, @ResourceId,
                @Labels, @Data, @Evidence, @Count, @FiredAt, @LastSeen, @AcknowledgedBy, @AcknowledgedAt,
                @AcknowledgeComment, @AcknowledgedUntil, @ResolvedAt, @SilenceId, @SilenceUntil, @Version)
        """;

    public string Update => """
        UPDATE alerts SET
            severity = @Severity, status = @Status, is_open = @IsOpen, message = @Message, module_id = @ModuleId,
            resource_id = @ResourceId, data = @Data, evidence = @Evidence, count = @Count, last_seen = @LastSeen,
            acknowledged_by = @AcknowledgedBy, acknowledged_at = @AcknowledgedAt, acknowledge_comment = @AcknowledgeComment,
            acknowledged_until = @AcknowledgedUntil, resolved_at = @ResolvedAt,
            silence_id = @SilenceId, silence_until = @SilenceUntil, version = @Version
        WHERE id = @Id AND version = @ExpectedVersion
        """;

    public string InsertTransition => """
        INSERT INTO alert_transitions (alert_id, action, status, severity, at, actor, comment)
        VALUES (@AlertId, @Action, @Status, @Severity, @At, @Actor, @Comment)
        """;

    public string History => $"SELECT {TransitionRow.Columns} FROM alert_transitions WHERE alert_id = @id ORDER BY id";

    public string Query => $"{SelectAlerts} {QueryFilter} ORDER BY fired_at DESC, id DESC LIMIT @PageSize OFFSET @Offset";

    public string Count => $"SELECT count(*) FROM alerts {QueryFilter}";

    public string DeleteClosedBefore => "DELETE FROM alerts WHERE is_open = 0 AND fired_at < @before";

    public object QueryParameters(AlertQuery query) => new
    {
        Status = query.Status is { } status ? AlertWire.Name(status) : null,
        OpenOnly = query.OpenOnly,
        Severity = query.Severity is { } severity ? AlertWire.Name(severity) : null,
        query.Job,
        query.Type,
        query.From,
        query.To,
        // One FTS5 phrase (quotes doubled): the text as it is, not a query language.
        Phrase = HasTrigram(query.Text) ? "\"" + query.Text!.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : null,
        Like = !string.IsNullOrEmpty(query.Text) && !HasTrigram(query.Text) ? "%" + EscapeLike(query.Text) + "%" : null,
        query.PageSize,
        query.Offset,
    };

    /// <summary>The trigram index finds text of three characters (not UTF-16 units) or more.</summary>
    private static bool HasTrigram(string? text) => text is not null && text.EnumerateRunes().Take(3).Count() == 3;

    private static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);
}
