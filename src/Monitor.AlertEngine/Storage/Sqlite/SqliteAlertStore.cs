using Dapper;
using Microsoft.Data.Sqlite;
using Monitor.AlertEngine.Model;

namespace Monitor.AlertEngine.Storage.Sqlite;

/// <summary>
/// The embedded alert store: a SQLite file (WAL), Dapper. The partial unique index on open
/// fingerprints and an UPSERT with two conflict targets keep one open row per problem.
/// </summary>
internal sealed class SqliteAlertStore : IAlertStore
{
    // Short: a locked file must fail fast so that the outbox can retry with backoff, not hang a writer.
    private const int CommandTimeoutSeconds = 2;

    private const string SelectAlerts = $"SELECT {AlertRow<long>.Columns} FROM alerts";

    private const string Upsert = """
        INSERT INTO alerts (id, fingerprint, job, type, severity, status, is_open, message, module_id, resource_id,
                            labels, data, evidence, count, fired_at, last_seen, acknowledged_by, acknowledged_at,
                            acknowledge_comment, acknowledged_until, resolved_at)
        VALUES (@Id, @Fingerprint, @Job, @Type, @Severity, @Status, @IsOpen, @Message, @ModuleId, @ResourceId,
                @Labels, @Data, @Evidence, @Count, @FiredAt, @LastSeen, @AcknowledgedBy, @AcknowledgedAt,
                @AcknowledgeComment, @AcknowledgedUntil, @ResolvedAt)
        ON CONFLICT (fingerprint) WHERE is_open = 1 DO UPDATE SET
            severity = excluded.severity, status = excluded.status, is_open = excluded.is_open, message = excluded.message,
            module_id = coalesce(excluded.module_id, alerts.module_id), resource_id = coalesce(excluded.resource_id, alerts.resource_id),
            data = excluded.data, evidence = excluded.evidence, count = alerts.count + @CountDelta,
            last_seen = max(alerts.last_seen, excluded.last_seen), acknowledged_by = excluded.acknowledged_by,
            acknowledged_at = excluded.acknowledged_at, acknowledge_comment = excluded.acknowledge_comment,
            acknowledged_until = excluded.acknowledged_until, resolved_at = excluded.resolved_at
        ON CONFLICT (id) DO UPDATE SET
            severity = excluded.severity, status = excluded.status, is_open = excluded.is_open, message = excluded.message,
            module_id = coalesce(excluded.module_id, alerts.module_id), resource_id = coalesce(excluded.resource_id, alerts.resource_id),
            data = excluded.data, evidence = excluded.evidence, count = alerts.count + @CountDelta,
            last_seen = max(alerts.last_seen, excluded.last_seen), acknowledged_by = excluded.acknowledged_by,
            acknowledged_at = excluded.acknowledged_at, acknowledge_comment = excluded.acknowledge_comment,
            acknowledged_until = excluded.acknowledged_until, resolved_at = excluded.resolved_at
        RETURNING id;
        """;

    private readonly string _connectionString;

    public SqliteAlertStore(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString) { Pooling = true, ForeignKeys = true };
        if (builder.DataSource is { Length: > 0 } file && file != ":memory:" && Path.GetDirectoryName(Path.GetFullPath(file)) is { } directory)
        {
            Directory.CreateDirectory(directory);
        }
        _connectionString = builder.ToString();
    }

    public string Provider => StorageOptions.Sqlite;

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        // WAL is a property of the file: readers never block the writer, and it survives restarts.
        await connection.ExecuteAsync("PRAGMA journal_mode = WAL;");
        await connection.ExecuteAsync("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT;");
        foreach (var (version, name, sql) in Migrations.For("Sqlite"))
        {
            // BEGIN IMMEDIATE takes the write lock first, so two processes never apply one migration twice.
            await using var transaction = connection.BeginTransaction(deferred: false);
            var applied = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT count(*) FROM schema_migrations WHERE version = @version", new { version }, transaction, cancellationToken: cancellationToken));
            if (applied == 0)
            {
                await connection.ExecuteAsync(new CommandDefinition(sql, transaction: transaction, cancellationToken: cancellationToken));
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @at)",
                    new { version, name, at = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() }, transaction, cancellationToken: cancellationToken));
            }
            await transaction.CommitAsync(cancellationToken);
        }
    }

    public async Task<PerformanceAlert> WriteAsync(AlertWrite write, CancellationToken cancellationToken) =>
        (await WriteManyAsync([write], cancellationToken))[0];

    public async Task<IReadOnlyList<PerformanceAlert>> WriteManyAsync(IReadOnlyList<AlertWrite> writes, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var stored = new List<PerformanceAlert>(writes.Count);
        foreach (var write in writes)
        {
            var id = await connection.ExecuteScalarAsync<string>(new CommandDefinition(Upsert,
                AlertParameters.For(write, Ms, open => open ? 1 : 0), transaction, CommandTimeoutSeconds, cancellationToken: cancellationToken));
            foreach (var step in write.Transitions)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO alert_transitions (alert_id, action, status, severity, at, actor, comment) VALUES (@id, @Action, @Status, @Severity, @At, @Actor, @Comment)",
                    new { id, step.Action, step.Status, step.Severity, At = Ms(step.At), step.Actor, step.Comment },
                    transaction, CommandTimeoutSeconds, cancellationToken: cancellationToken));
            }
            var row = await connection.QuerySingleAsync<AlertRow<long>>(new CommandDefinition(
                $"{SelectAlerts} WHERE id = @id", new { id }, transaction, CommandTimeoutSeconds, cancellationToken: cancellationToken));
            stored.Add(row.ToAlert(Time));
        }
        await transaction.CommitAsync(cancellationToken);
        return stored;
    }

    public async Task<IReadOnlyList<PerformanceAlert>> GetOpenAsync(CancellationToken cancellationToken) =>
        await QueryRowsAsync($"{SelectAlerts} WHERE is_open = 1 ORDER BY fired_at", null, cancellationToken);

    public async Task<PerformanceAlert?> GetAsync(string id, CancellationToken cancellationToken) =>
        (await QueryRowsAsync($"{SelectAlerts} WHERE id = @id", new { id }, cancellationToken)).SingleOrDefault();

    public async Task<IReadOnlyList<PerformanceAlert>> QueryAsync(AlertQuery query, CancellationToken cancellationToken) =>
        await QueryRowsAsync($"""
            {SelectAlerts}
            WHERE (@Status IS NULL OR status = @Status) AND (@Severity IS NULL OR severity = @Severity)
              AND (@Since IS NULL OR last_seen >= @Since) AND (@Job IS NULL OR job = @Job)
            ORDER BY fired_at DESC LIMIT @Limit
            """, new { query.Status, query.Severity, Since = Ms(query.Since), query.Job, query.Limit }, cancellationToken);

    public async Task<IReadOnlyList<AlertTransition>> GetHistoryAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<TransitionRow<long>>(new CommandDefinition(
            $"SELECT {TransitionRow<long>.Columns} FROM alert_transitions WHERE alert_id = @id ORDER BY id", new { id }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToTransition(Time))];
    }

    public async Task<int> DeleteClosedBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM alerts WHERE is_open = 0 AND fired_at < @before", new { before = Ms(before) },
            commandTimeout: CommandTimeoutSeconds, cancellationToken: cancellationToken));
    }

    public async Task PingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        // A write lock, not just a read: a file locked by another writer is "not reachable" for us.
        await using var transaction = connection.BeginTransaction(deferred: false);
        await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT count(*) FROM schema_migrations", transaction: transaction,
            commandTimeout: CommandTimeoutSeconds, cancellationToken: cancellationToken));
        await transaction.RollbackAsync(cancellationToken);
    }

    private async Task<IReadOnlyList<PerformanceAlert>> QueryRowsAsync(string sql, object? parameters, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<AlertRow<long>>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToAlert(Time))];
    }

    // Microsoft.Data.Sqlite runs every call synchronously on the local file (its async methods
    // too); BEGIN IMMEDIATE (deferred: false) takes the write lock up front, waiting at most the timeout.
    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString) { DefaultTimeout = CommandTimeoutSeconds };
        await connection.OpenAsync(cancellationToken);
        // WAL with synchronous=NORMAL: a commit survives a process crash (kill -9), only the last
        // commits may roll back on power loss; FULL syncs the WAL on every commit, which made each
        // alert write wait for the disk (acknowledge p99 862 ms -> see docs/performance.md).
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA synchronous = NORMAL;";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
        }
        return connection;
    }

    private static long Ms(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    private static long? Ms(DateTimeOffset? time) => time?.ToUnixTimeMilliseconds();

    private static DateTimeOffset Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
