using Monitor.AlertEngine.Storage.Outbox;

namespace Monitor.AlertEngine.Storage.SqlServer;

/// <summary>
/// Every statement the SQL Server store sends, in one place (a test parses each one with the
/// T-SQL parser, so a syntax error fails here rather than at a customer's).
/// </summary>
internal static class SqlServerStatements
{
    // rowversion is binary(8), big-endian: as bigint it keeps its order.
    public const string SelectAlerts = $"SELECT {AlertRow<DateTimeOffset>.Columns}, CAST(version AS bigint) AS Version FROM dbo.alerts";

    /// <summary>Locks the open row of a fingerprint, or the range where it would go, until the transaction ends.</summary>
    public const string OpenByFingerprint = $"{SelectAlerts} WITH (UPDLOCK, HOLDLOCK) WHERE fingerprint = @fingerprint AND is_open = 1;";

    public const string ByIdLocked = $"{SelectAlerts} WITH (UPDLOCK, HOLDLOCK) WHERE id = @id;";

    public const string ById = $"{SelectAlerts} WHERE id = @id;";

    public const string Open = $"{SelectAlerts} WHERE is_open = 1 ORDER BY fired_at;";

    /// <summary>Versions below the oldest one still being written are all committed.</summary>
    public const string LatestVersion = "SELECT CAST(MIN_ACTIVE_ROWVERSION() AS bigint) - 1;";

    public const string ChangedSince = $"""
        SELECT TOP (@limit) {AlertRow<DateTimeOffset>.Columns}, CAST(version AS bigint) AS Version FROM dbo.alerts
        WHERE version > CAST(@version AS binary(8)) AND version < MIN_ACTIVE_ROWVERSION()
        ORDER BY version;
        """;

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
    public static readonly string Insert = $"""
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
    public static readonly string Update = $"""
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

    public const string InsertDelivery = """
        INSERT INTO dbo.notification_deliveries (alert_id, receiver, kind, event, payload, idempotency_key, state, attempts, created_at, due_at)
        SELECT @AlertId, @Receiver, @Kind, @Event, @Payload, @IdempotencyKey, 'pending', 0, @CreatedAt, @CreatedAt
        WHERE NOT EXISTS (SELECT 1 FROM dbo.notification_deliveries WHERE idempotency_key = @IdempotencyKey);
        """;

    /// <summary>
    /// Due deliveries nobody holds (READPAST: replicas claim side by side without waiting on each
    /// other's locks), each only once every earlier delivery to the same receiver about the same
    /// alert is done, and a post to an Alertmanager only once the alert's earlier silence changes
    /// are done, leased to the claimant.
    /// </summary>
    public static readonly string ClaimDeliveries = $"""
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
        OUTPUT {DeliveryRow<DateTimeOffset>.Columns("inserted.")};
        """;

    public const string CompleteDelivery = """
        UPDATE dbo.notification_deliveries SET state = 'sent', sent_at = @at, result = @result, last_error = NULL, claimed_by = NULL, claimed_until = NULL
        WHERE id = @id AND claimed_by = @claimant;
        """;

    public const string RetryDelivery = """
        UPDATE dbo.notification_deliveries SET attempts = attempts + 1, due_at = @due, last_error = @error, claimed_by = NULL, claimed_until = NULL
        WHERE id = @id AND claimed_by = @claimant;
        """;

    public const string FailDelivery = """
        UPDATE dbo.notification_deliveries SET state = 'failed', attempts = attempts + 1, last_error = @error, failed_at = @at, claimed_by = NULL, claimed_until = NULL
        WHERE id = @id AND claimed_by = @claimant;
        """;

    /// <summary>Deliveries given up since a time: how many, and the latest's receiver and error.</summary>
    public const string GivenUpSince = """
        SELECT COUNT_BIG(*) AS Count, latest.receiver AS LatestReceiver, latest.last_error AS LatestError
        FROM dbo.notification_deliveries AS d
        OUTER APPLY (SELECT TOP (1) l.receiver, l.last_error FROM dbo.notification_deliveries AS l
                     WHERE l.state = 'failed' AND l.failed_at >= @since ORDER BY l.failed_at DESC) AS latest
        WHERE d.state = 'failed' AND d.failed_at >= @since
        GROUP BY latest.receiver, latest.last_error;
        """;

    public static readonly string DeliveriesOfAlert = $"SELECT {DeliveryRow<DateTimeOffset>.Columns("")} FROM dbo.notification_deliveries WHERE alert_id = @id ORDER BY id;";

    public const string PendingDeliveries = "SELECT COUNT_BIG(*) FROM dbo.notification_deliveries WHERE state = 'pending';";

    /// <summary>When the next pending delivery may be claimed (its due time, or its lease's end).</summary>
    public const string NextDeliveryDue = """
        SELECT MIN(CASE WHEN claimed_until IS NOT NULL AND claimed_until > due_at THEN claimed_until ELSE due_at END)
        FROM dbo.notification_deliveries WHERE state = 'pending';
        """;

    public const string DeleteDoneDeliveriesBefore = "DELETE FROM dbo.notification_deliveries WHERE state <> 'pending' AND created_at < @before;";

    public const string InsertTransition = """
        INSERT INTO dbo.alert_transitions (alert_id, action, status, severity, at, actor, comment)
        VALUES (@AlertId, @Action, @Status, @Severity, @At, @Actor, @Comment);
        """;

    public const string History = $"SELECT {TransitionRow<DateTimeOffset>.Columns} FROM dbo.alert_transitions WHERE alert_id = @id ORDER BY id;";

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

    public static readonly string Query = $"""
        {SelectAlerts} {QueryFilter}
        ORDER BY fired_at DESC, id DESC OFFSET @Offset ROWS FETCH NEXT @PageSize ROWS ONLY
        OPTION (RECOMPILE);
        """;

    public static readonly string Count = $"SELECT COUNT_BIG(*) FROM dbo.alerts {QueryFilter} OPTION (RECOMPILE);";

    public const string DeleteClosedBefore = "DELETE FROM dbo.alerts WHERE is_open = 0 AND fired_at < @before;";

    public const string Ping = "SELECT COUNT(*) FROM dbo.schema_migrations;";

    public const string MigrationLock =
        "EXEC sp_getapplock @Resource = 'pipeline-monitor-migrations', @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = 60000;";

    public const string CreateMigrationsTable = """
        IF OBJECT_ID('dbo.schema_migrations') IS NULL
            CREATE TABLE dbo.schema_migrations (version int NOT NULL CONSTRAINT pk_schema_migrations PRIMARY KEY,
                name varchar(200) NOT NULL, applied_at datetimeoffset(3) NOT NULL);
        """;

    public const string MigrationApplied = "SELECT COUNT(*) FROM dbo.schema_migrations WHERE version = @version;";

    public const string RecordMigration = "INSERT INTO dbo.schema_migrations (version, name, applied_at) VALUES (@version, @name, SYSDATETIMEOFFSET());";
}
