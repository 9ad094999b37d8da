using Dapper;
using Microsoft.Data.Sqlite;
using Monitor.AlertEngine.Model;
using Monitor.AlertEngine.Storage.Outbox;

namespace Monitor.AlertEngine.Storage.Sqlite;

/// <summary>
/// The embedded alert store: a SQLite file (WAL), Dapper. Writes are IMMEDIATE transactions (the
/// file's write lock first), so several monitor processes on one file decide each change on the
/// row as it is; the partial unique index on open fingerprints is the backstop.
/// </summary>
internal sealed class SqliteAlertStore : IAlertStore
{
    // Short: a locked file must fail fast so that the write queue can retry with backoff, not hang a writer.
    private const int CommandTimeoutSeconds = 2;

    private readonly string _connectionString;
    private readonly IDeliveryPlanner _planner;

    public SqliteAlertStore(string connectionString, IDeliveryPlanner? planner = null)
    {
        _connectionString = SqliteConnections.Prepare(connectionString);
        _planner = planner ?? IDeliveryPlanner.None;
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

    public Task<IReadOnlyList<AlertChange>> ApplyAsync(IReadOnlyList<AlertIntent> intents, CancellationToken cancellationToken) =>
        InWriteTransactionAsync(rows => AlertApplier.ApplyAsync(rows, intents, _planner, cancellationToken), cancellationToken);

    public Task<(AcknowledgeOutcome Outcome, AlertChange? Change)> AcknowledgeAsync(AcknowledgeCommand command, CancellationToken cancellationToken) =>
        InWriteTransactionAsync(rows => AlertApplier.AcknowledgeAsync(rows, command, _planner, cancellationToken), cancellationToken);

    public Task<(UnacknowledgeOutcome Outcome, AlertChange? Change)> UnacknowledgeAsync(UnacknowledgeCommand command, CancellationToken cancellationToken) =>
        InWriteTransactionAsync(rows => AlertApplier.UnacknowledgeAsync(rows, command, _planner, cancellationToken), cancellationToken);

    public Task<AlertChange?> RecordSilenceAsync(string alertId, string? silenceId, DateTimeOffset? until, CancellationToken cancellationToken) =>
        InWriteTransactionAsync(rows => AlertApplier.RecordSilenceAsync(rows, alertId, silenceId, until, cancellationToken), cancellationToken);

    public async Task<PerformanceAlert?> GetAsync(string id, CancellationToken cancellationToken) =>
        (await QueryRowsAsync(SqliteStatements.ById, new { id }, cancellationToken)).SingleOrDefault();

    public Task<IReadOnlyList<PerformanceAlert>> GetOpenAsync(CancellationToken cancellationToken) =>
        QueryRowsAsync(SqliteStatements.Open, null, cancellationToken);

    public async Task<long> GetLatestVersionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(SqliteStatements.LatestVersion, cancellationToken: cancellationToken));
    }

    // One writer at a time commits, in version order: every version up to the latest is committed.
    public Task<IReadOnlyList<PerformanceAlert>> GetChangedSinceAsync(long version, int limit, CancellationToken cancellationToken) =>
        QueryRowsAsync(SqliteStatements.ChangedSince, new { version, limit }, cancellationToken);

    public async Task<AlertPage> QueryAsync(AlertQuery query, CancellationToken cancellationToken)
    {
        var parameters = new
        {
            Status = query.Status is { } status ? AlertWire.Name(status) : null,
            OpenOnly = query.OpenOnly ? 1 : 0,
            Severity = query.Severity is { } severity ? AlertWire.Name(severity) : null,
            query.Job,
            query.Type,
            From = Ms(query.From),
            To = Ms(query.To),
            // One FTS5 phrase (quotes doubled): the text as it is, not a query language.
            Phrase = HasTrigram(query.Text) ? "\"" + query.Text!.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : null,
            Like = !string.IsNullOrEmpty(query.Text) && !HasTrigram(query.Text) ? "%" + EscapeLike(query.Text) + "%" : null,
            query.PageSize,
            query.Offset,
        };
        await using var connection = await OpenAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(SqliteStatements.Count, parameters, cancellationToken: cancellationToken));
        var rows = await connection.QueryAsync<AlertRow<long>>(new CommandDefinition(SqliteStatements.Query, parameters, cancellationToken: cancellationToken));
        return new AlertPage([.. rows.Select(r => r.ToAlert(Time))], total, query.Page, query.PageSize);
    }

    public async Task<IReadOnlyList<AlertTransition>> GetHistoryAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<TransitionRow<long>>(new CommandDefinition(SqliteStatements.History, new { id }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToTransition(Time))];
    }

    public async Task<int> DeleteClosedBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(SqliteStatements.DeleteClosedBefore, new { before = Ms(before) },
            commandTimeout: CommandTimeoutSeconds, cancellationToken: cancellationToken));
    }

    public async Task PingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        // A write lock, not just a read: a file locked by another writer is "not reachable" for us.
        await using var transaction = connection.BeginTransaction(deferred: false);
        await connection.ExecuteScalarAsync<long>(new CommandDefinition(SqliteStatements.Ping, transaction: transaction,
            commandTimeout: CommandTimeoutSeconds, cancellationToken: cancellationToken));
        await transaction.RollbackAsync(cancellationToken);
    }

    // SQLITE_TOOBIG, SQLITE_CONSTRAINT, SQLITE_MISMATCH: the same statement fails again; busy,
    // locked, read-only and I/O errors pass with the store's state.
    public bool RefusesForItsData(Exception error) => error is SqliteException { SqliteErrorCode: 18 or 19 or 20 };

    internal static long Ms(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    internal static long? Ms(DateTimeOffset? time) => time?.ToUnixTimeMilliseconds();

    internal static DateTimeOffset Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private async Task<T> InWriteTransactionAsync<T>(Func<IAlertRows, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var result = await work(new SqliteAlertRows(connection, transaction, CommandTimeoutSeconds));
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    private async Task<IReadOnlyList<PerformanceAlert>> QueryRowsAsync(string sql, object? parameters, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<AlertRow<long>>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToAlert(Time))];
    }

    /// <summary>The trigram index finds text of three characters (not UTF-16 units) or more.</summary>
    private static bool HasTrigram(string? text) => text is not null && text.EnumerateRunes().Take(3).Count() == 3;

    private static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);

    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) => SqliteConnections.OpenAsync(_connectionString, CommandTimeoutSeconds, cancellationToken);
}
