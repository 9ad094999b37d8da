using Monitor.AlertEngine.Model;

namespace Monitor.AlertEngine.Storage.SqlServer;

/// <summary>
/// The alert store's T-SQL (a test parses each statement with Microsoft's T-SQL parser, so a syntax
/// error fails here rather than at a customer's). Reads inside a write lock what they decide on
/// (UPDLOCK, HOLDLOCK); writes are conditional on the rowversion read, and answer the new one.
/// </summary>
internal sealed class SqlServerAlertStatements : IAlertStatements
{
    // rowversion is binary(8), big-endian: as bigint it keeps its order.
    private const string SelectAlerts = $"SELECT {AlertRow.Columns}, CAST(version AS bigint) AS Version FROM dbo.alerts";

    /// <summary>Writes the search trigrams of the alert @Id as its row holds them.</summary>
    private static readonly string IndexAlertText = $"""
        INSERT INTO dbo.alert_search_trigrams (trigram, alert_id)
        SELECT t.trigram, a.id FROM dbo.alerts AS a
        CROSS APPLY ({TrigramsOf("a.message")} UNION {TrigramsOf("a.labels")}) AS t
        WHERE a.id = @Id
        """;

    /// <summary>
    /// A query of the distinct lower-cased three-character pieces of <paramref name="text"/> (an
    /// nvarchar expression), one column <c>trigram</c>, compared as cut (BIN2). Positions come from
    /// a row-number tally of up to a million, enough for the longest labels the store keeps.
    /// </summary>
    private static string TrigramsOf(string text) => $"""
        SELECT DISTINCT CAST(LOWER(SUBSTRING({text}, n.n, 3)) AS nchar(3)) COLLATE Latin1_General_100_BIN2 AS trigram
        FROM (SELECT TOP (CASE WHEN DATALENGTH({text}) / 2 >= 3 THEN DATALENGTH({text}) / 2 - 2 ELSE 0 END)
                     ROW_NUMBER() OVER (ORDER BY (SELECT NULL)) AS n
              FROM {Tally}) AS n
        """;

    private const string Ten = "(VALUES (0), (0), (0), (0), (0), (0), (0), (0), (0), (0))";

    private const string Tally = $"{Ten} AS d1(x) CROSS JOIN {Ten} AS d2(x) CROSS JOIN {Ten} AS d3(x) CROSS JOIN {Ten} AS d4(x) CROSS JOIN {Ten} AS d5(x) CROSS JOIN {Ten} AS d6(x)";

    /// <summary>
    /// Inserts an alert and its search trigrams; the first result is the new version. The
    /// trigrams are cut from the stored row, so they are of what the columns hold.
    /// </summary>
    private static readonly string InsertStatement = $"""
        INSERT INTO dbo.alerts (id, fingerprint, job, type, severity, status, is_open, message, module_id, resource_id,
                                labels, data, evidence, count, fired_at, last_seen, acknowledged_by, acknowledged_at,
                                acknowledge_comment, acknowledged_until, resolved_at, silence_id, silence_until)
        OUTPUT CAST(inserted.version AS bigint)
        VALUES (@Id, @Fingerprint, @Job, @Type, @Severity, @Status, @IsOpen, @Message, @ModuleId, @ResourceId,
                @Labels, @Data, @Evidence, @Count, @FiredAt, @LastSeen, @AcknowledgedBy, @AcknowledgedAt,
                @AcknowledgeComment, @AcknowledgedUntil, @ResolvedAt, @SilenceId, @SilenceUntil);
        {IndexAlertText};
        """;

    /// <summary>
    /// Updates an alert if it is still at @ExpectedVersion; the only result is the new version (none:
    /// it moved). A changed message is searched anew (labels never change: they make the fingerprint).
    /// OUTPUT goes INTO a table variable, so the statement stays valid should dbo.alerts ever get a trigger.
    /// </summary>
    private static readonly string UpdateStatement = $"""
        DECLARE @updated TABLE (version bigint NOT NULL, message_changed bit NOT NULL);
        UPDATE dbo.alerts SET
            severity = @Severity, status = @Status, is_open = @IsOpen, message = @Message, module_id = @ModuleId,
            resource_id = @ResourceId, data = @Data, evidence = @Evidence, count = @Count, last_seen = @LastSeen,
            acknowledged_by = @AcknowledgedBy, acknowledged_at = @AcknowledgedAt, acknowledge_comment = @AcknowledgeComment,
            acknowledged_until = @AcknowledgedUntil, resolved_at = @ResolvedAt,
            silence_id = @SilenceId, silence_until = @SilenceUntil
        OUTPUT CAST(inserted.version AS bigint),
               CASE WHEN deleted.message = inserted.message COLLATE Latin1_General_100_BIN2 THEN 0 ELSE 1 END
        INTO @updated (version, message_changed)
        WHERE id = @Id AND version = CAST(@ExpectedVersion AS binary(8));
        IF EXISTS (SELECT 1 FROM @updated WHERE message_changed = 1)
        BEGIN
            DELETE FROM dbo.alert_search_trigrams WHERE alert_id = @Id;
            {IndexAlertText};
        END;
        SELECT version FROM @updated;
        """;

    /// <summary>
    /// GET /api/alerts' filters. Text (@Like, lower-cased) is looked for in the message and the
    /// labels ignoring case; from three characters on (@Search) only among the alerts whose
    /// trigrams hold every trigram of the text (migration 0007), so LIKE reads those rows alone.
    /// Every filter may be absent: Query and Count compile for the values at hand (OPTION
    /// (RECOMPILE)), so an absent one costs nothing and a present one can seek its index.
    /// </summary>
    private static readonly string QueryFilter = $"""
        WHERE (@Status IS NULL OR status = @Status) AND (@OpenOnly = 0 OR is_open = 1) AND (@Severity IS NULL OR severity = @Severity)
          AND (@Job IS NULL OR job = @Job) AND (@Type IS NULL OR type = @Type)
          AND (@To IS NULL OR fired_at <= @To) AND (@From IS NULL OR is_open = 1 OR resolved_at >= @From)
          AND (@Search IS NULL OR id IN (
                SELECT s.alert_id FROM dbo.alert_search_trigrams AS s
                WHERE s.trigram IN ({TrigramsOf("@Search")})
                GROUP BY s.alert_id
                HAVING COUNT(*) = (SELECT COUNT(*) FROM ({TrigramsOf("@Search")}) AS q)))
          AND (@Like IS NULL OR LOWER(message) LIKE @Like ESCAPE '\' OR LOWER(labels) LIKE @Like ESCAPE '\')
        """;

    private static readonly string QueryStatement = $"""
        {SelectAlerts} {QueryFilter}
        ORDER BY fired_at DESC, id DESC OFFSET @Offset ROWS FETCH NEXT @PageSize ROWS ONLY
        OPTION (RECOMPILE);
        """;

    private static readonly string CountStatement = $"SELECT COUNT_BIG(*) FROM dbo.alerts {QueryFilter} OPTION (RECOMPILE);";

    /// <summary>Locks the open row of a fingerprint, or the range where it would go, until the transaction ends.</summary>
    public string OpenByFingerprintLocked => $"{SelectAlerts} WITH (UPDLOCK, HOLDLOCK) WHERE fingerprint = @fingerprint AND is_open = 1;";

    public string ByIdLocked => $"{SelectAlerts} WITH (UPDLOCK, HOLDLOCK) WHERE id = @id;";

    public string ById => $"{SelectAlerts} WHERE id = @id;";

    public string Open => $"{SelectAlerts} WHERE is_open = 1 ORDER BY fired_at;";

    /// <summary>Versions below the oldest one still being written are all committed.</summary>
    public string LatestVersion => "SELECT CAST(MIN_ACTIVE_ROWVERSION() AS bigint) - 1;";

    public string ChangedSince => $"""
        SELECT TOP (@limit) {AlertRow.Columns}, CAST(version AS bigint) AS Version FROM dbo.alerts
        WHERE version > CAST(@version AS binary(8)) AND version < MIN_ACTIVE_ROWVERSION()
        ORDER BY version;
        """;

    // The rowversion moves with every write and Insert and Update answer it.
    public string? NextVersion => null;

    public string Insert => InsertStatement;

    public string Update => UpdateStatement;

    public string InsertTransition => """
        INSERT INTO dbo.alert_transitions (alert_id, action, status, severity, at, actor, comment)
        VALUES (@AlertId, @Action, @Status, @Severity, @At, @Actor, @Comment);
        """;

    public string History => $"SELECT {TransitionRow.Columns} FROM dbo.alert_transitions WHERE alert_id = @id ORDER BY id;";

    public string Query => QueryStatement;

    public string Count => CountStatement;

    public string DeleteClosedBefore => "DELETE FROM dbo.alerts WHERE is_open = 0 AND fired_at < @before;";

    public object QueryParameters(AlertQuery query) => new
    {
        Status = query.Status is { } status ? AlertWire.Name(status) : null,
        OpenOnly = query.OpenOnly,
        Severity = query.Severity is { } severity ? AlertWire.Name(severity) : null,
        query.Job,
        query.Type,
        query.From,
        query.To,
        // Three characters or more: looked up in the trigrams first (see QueryFilter).
        Search = query.Text is { Length: >= 3 } text ? text : null,
        Like = string.IsNullOrEmpty(query.Text) ? null : "%" + EscapeLike(query.Text.ToLowerInvariant()) + "%",
        query.PageSize,
        query.Offset,
    };

    private static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal)
            .Replace("_", @"\_", StringComparison.Ordinal).Replace("[", @"\[", StringComparison.Ordinal);
}
