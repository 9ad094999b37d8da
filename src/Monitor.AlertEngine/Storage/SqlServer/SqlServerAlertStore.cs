using Dapper;
using Microsoft.Data.SqlClient;
using Monitor.AlertEngine.Model;

namespace Monitor.AlertEngine.Storage.SqlServer;

/// <summary>
/// The production alert store: SQL Server, Dapper on Microsoft.Data.SqlClient. Several monitor
/// instances may write at once: the upsert takes UPDLOCK + HOLDLOCK on the open fingerprint (a
/// key-range lock), so a concurrent breach of the same problem waits and then updates the row the
/// first one inserted; the filtered unique index is the backstop. Reads may go to a replica.
/// </summary>
internal sealed class SqlServerAlertStore(string connectionString, string? readConnectionString) : IAlertStore
{
    private const int CommandTimeoutSeconds = 5;

    private const string SelectAlerts = $"SELECT {AlertRow<DateTimeOffset>.Columns} FROM dbo.alerts";

    private const string Upsert = """
        DECLARE @target varchar(36);
        SELECT TOP (1) @target = id FROM dbo.alerts WITH (UPDLOCK, HOLDLOCK)
        WHERE id = @Id OR (@IsOpen = 1 AND is_open = 1 AND fingerprint = @Fingerprint)
        ORDER BY CASE WHEN id = @Id THEN 0 ELSE 1 END;
        IF @target IS NULL
        BEGIN
            INSERT INTO dbo.alerts (id, fingerprint, job, type, severity, status, is_open, message, module_id, resource_id,
                                    labels, data, evidence, count, fired_at, last_seen, acknowledged_by, acknowledged_at,
                                    acknowledge_comment, acknowledged_until, resolved_at)
            VALUES (@Id, @Fingerprint, @Job, @Type, @Severity, @Status, @IsOpen, @Message, @ModuleId, @ResourceId,
                    @Labels, @Data, @Evidence, @Count, @FiredAt, @LastSeen, @AcknowledgedBy, @AcknowledgedAt,
                    @AcknowledgeComment, @AcknowledgedUntil, @ResolvedAt);
            SET @target = @Id;
        END
        ELSE
            UPDATE dbo.alerts SET
                severity = @Severity, status = @Status, is_open = @IsOpen, message = @Message,
                module_id = COALESCE(@ModuleId, module_id), resource_id = COALESCE(@ResourceId, resource_id),
                data = @Data, evidence = @Evidence, count = count + @CountDelta,
                last_seen = CASE WHEN last_seen > @LastSeen THEN last_seen ELSE @LastSeen END,
                acknowledged_by = @AcknowledgedBy, acknowledged_at = @AcknowledgedAt, acknowledge_comment = @AcknowledgeComment,
                acknowledged_until = @AcknowledgedUntil, resolved_at = @ResolvedAt
            WHERE id = @target;
        SELECT @target;
        """;

    public string Provider => StorageOptions.SqlServer;

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(connectionString, cancellationToken);
        await using var transaction = (SqlTransaction)await connection.BeginTransactionAsync(cancellationToken);
        // One migrator at a time across every instance starting together.
        await connection.ExecuteAsync(new CommandDefinition(
            "EXEC sp_getapplock @Resource = 'pipeline-monitor-migrations', @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = 60000;",
            transaction: transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition("""
            IF OBJECT_ID('dbo.schema_migrations') IS NULL
                CREATE TABLE dbo.schema_migrations (version int NOT NULL CONSTRAINT pk_schema_migrations PRIMARY KEY,
                    name varchar(200) NOT NULL, applied_at datetimeoffset(3) NOT NULL);
            """, transaction: transaction, cancellationToken: cancellationToken));
        foreach (var (version, name, sql) in Migrations.For("SqlServer"))
        {
            var applied = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
                "SELECT COUNT(*) FROM dbo.schema_migrations WHERE version = @version", new { version }, transaction, cancellationToken: cancellationToken));
            if (applied == 0)
            {
                await connection.ExecuteAsync(new CommandDefinition(sql, transaction: transaction, cancellationToken: cancellationToken));
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO dbo.schema_migrations (version, name, applied_at) VALUES (@version, @name, SYSDATETIMEOFFSET())",
                    new { version, name }, transaction, cancellationToken: cancellationToken));
            }
        }
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<PerformanceAlert> WriteAsync(AlertWrite write, CancellationToken cancellationToken) =>
        (await WriteManyAsync([write], cancellationToken))[0];

    public async Task<IReadOnlyList<PerformanceAlert>> WriteManyAsync(IReadOnlyList<AlertWrite> writes, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(connectionString, cancellationToken);
        await using var transaction = (SqlTransaction)await connection.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, cancellationToken);
        var stored = new List<PerformanceAlert>(writes.Count);
        foreach (var write in writes)
        {
            var id = await connection.ExecuteScalarAsync<string>(new CommandDefinition(Upsert,
                AlertParameters.For(write, static t => t, static open => open), transaction, CommandTimeoutSeconds, cancellationToken: cancellationToken));
            foreach (var step in write.Transitions)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO dbo.alert_transitions (alert_id, action, status, severity, at, actor, comment) VALUES (@id, @Action, @Status, @Severity, @At, @Actor, @Comment)",
                    new { id, step.Action, step.Status, step.Severity, step.At, step.Actor, step.Comment },
                    transaction, CommandTimeoutSeconds, cancellationToken: cancellationToken));
            }
            var row = await connection.QuerySingleAsync<AlertRow<DateTimeOffset>>(new CommandDefinition(
                $"{SelectAlerts} WHERE id = @id", new { id }, transaction, CommandTimeoutSeconds, cancellationToken: cancellationToken));
            stored.Add(row.ToAlert(static t => t));
        }
        await transaction.CommitAsync(cancellationToken);
        return stored;
    }

    public async Task<IReadOnlyList<PerformanceAlert>> GetOpenAsync(CancellationToken cancellationToken) =>
        // The primary: at start-up the engine must see every open alert, replica lag or not.
        await QueryRowsAsync(connectionString, $"{SelectAlerts} WHERE is_open = 1 ORDER BY fired_at", null, cancellationToken);

    public async Task<PerformanceAlert?> GetAsync(string id, CancellationToken cancellationToken) =>
        (await QueryRowsAsync(connectionString, $"{SelectAlerts} WHERE id = @id", new { id }, cancellationToken)).SingleOrDefault();

    public async Task<IReadOnlyList<PerformanceAlert>> QueryAsync(AlertQuery query, CancellationToken cancellationToken) =>
        await QueryRowsAsync(readConnectionString ?? connectionString, $"""
            SELECT TOP (@Limit) {AlertRow<DateTimeOffset>.Columns} FROM dbo.alerts
            WHERE (@Status IS NULL OR status = @Status) AND (@Severity IS NULL OR severity = @Severity)
              AND (@Since IS NULL OR last_seen >= @Since) AND (@Job IS NULL OR job = @Job)
            ORDER BY fired_at DESC
            """, new { query.Status, query.Severity, query.Since, query.Job, query.Limit }, cancellationToken);

    public async Task<IReadOnlyList<AlertTransition>> GetHistoryAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(readConnectionString ?? connectionString, cancellationToken);
        var rows = await connection.QueryAsync<TransitionRow<DateTimeOffset>>(new CommandDefinition(
            $"SELECT {TransitionRow<DateTimeOffset>.Columns} FROM dbo.alert_transitions WHERE alert_id = @id ORDER BY id",
            new { id }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToTransition(static t => t))];
    }

    public async Task<int> DeleteClosedBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(connectionString, cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM dbo.alerts WHERE is_open = 0 AND fired_at < @before", new { before },
            commandTimeout: 60, cancellationToken: cancellationToken));
    }

    public async Task PingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(connectionString, cancellationToken);
        await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT COUNT(*) FROM dbo.schema_migrations",
            commandTimeout: CommandTimeoutSeconds, cancellationToken: cancellationToken));
    }

    private static async Task<IReadOnlyList<PerformanceAlert>> QueryRowsAsync(string connection, string sql, object? parameters,
        CancellationToken cancellationToken)
    {
        await using var open = await OpenAsync(connection, cancellationToken);
        var rows = await open.QueryAsync<AlertRow<DateTimeOffset>>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToAlert(static t => t))];
    }

    private static async Task<SqlConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new SqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}
