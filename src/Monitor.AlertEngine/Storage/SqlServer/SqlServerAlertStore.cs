using Dapper;
using Microsoft.Data.SqlClient;
using Monitor.AlertEngine.Model;
using Monitor.AlertEngine.Storage.Outbox;

namespace Monitor.AlertEngine.Storage.SqlServer;

/// <summary>
/// The production alert store: SQL Server, Dapper on Microsoft.Data.SqlClient. Several monitor
/// instances may write at once: each change reads its row with UPDLOCK + HOLDLOCK and writes it
/// conditionally on its rowversion; two replicas firing one new problem at once can meet in a
/// deadlock or on the filtered unique index, and the loser's transaction is retried whole.
/// Reads of the console may go to a replica (Storage:ReadConnectionString).
/// </summary>
internal sealed class SqlServerAlertStore(string connectionString, string? readConnectionString, IDeliveryPlanner? planner = null)
    : IAlertStore
{
    private readonly IDeliveryPlanner _planner = planner ?? IDeliveryPlanner.None;

    private const int CommandTimeoutSeconds = 5;
    private const int TransactionAttempts = 3;

    public string Provider => StorageOptions.SqlServer;

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(connectionString, cancellationToken);
        await using var transaction = (SqlTransaction)await connection.BeginTransactionAsync(cancellationToken);
        // One migrator at a time across every instance starting together.
        await connection.ExecuteAsync(new CommandDefinition(SqlServerStatements.MigrationLock, transaction: transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(SqlServerStatements.CreateMigrationsTable, transaction: transaction, cancellationToken: cancellationToken));
        foreach (var (version, name, sql) in Migrations.For("SqlServer"))
        {
            var applied = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
                SqlServerStatements.MigrationApplied, new { version }, transaction, cancellationToken: cancellationToken));
            if (applied == 0)
            {
                await connection.ExecuteAsync(new CommandDefinition(sql, transaction: transaction, cancellationToken: cancellationToken));
                await connection.ExecuteAsync(new CommandDefinition(SqlServerStatements.RecordMigration, new { version, name }, transaction,
                    cancellationToken: cancellationToken));
            }
        }
        await transaction.CommitAsync(cancellationToken);
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
        (await QueryRowsAsync(connectionString, SqlServerStatements.ById, new { id }, cancellationToken)).SingleOrDefault();

    // The primary: the engine must see every open alert, replica lag or not.
    public Task<IReadOnlyList<PerformanceAlert>> GetOpenAsync(CancellationToken cancellationToken) =>
        QueryRowsAsync(connectionString, SqlServerStatements.Open, null, cancellationToken);

    public async Task<long> GetLatestVersionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(connectionString, cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(SqlServerStatements.LatestVersion, cancellationToken: cancellationToken));
    }

    public Task<IReadOnlyList<PerformanceAlert>> GetChangedSinceAsync(long version, int limit, CancellationToken cancellationToken) =>
        QueryRowsAsync(connectionString, SqlServerStatements.ChangedSince, new { version, limit }, cancellationToken);

    public async Task<AlertPage> QueryAsync(AlertQuery query, CancellationToken cancellationToken)
    {
        var parameters = new
        {
            Status = query.Status is { } status ? AlertWire.Name(status) : null,
            OpenOnly = query.OpenOnly ? 1 : 0,
            Severity = query.Severity is { } severity ? AlertWire.Name(severity) : null,
            query.Job,
            query.Type,
            query.From,
            query.To,
            // Three characters or more: looked up in the trigrams first (see SqlServerStatements.QueryFilter).
            Search = query.Text is { Length: >= 3 } text ? text : null,
            Like = string.IsNullOrEmpty(query.Text) ? null : "%" + EscapeLike(query.Text.ToLowerInvariant()) + "%",
            query.PageSize,
            query.Offset,
        };
        await using var connection = await OpenAsync(readConnectionString ?? connectionString, cancellationToken);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(SqlServerStatements.Count, parameters, cancellationToken: cancellationToken));
        var rows = await connection.QueryAsync<AlertRow<DateTimeOffset>>(new CommandDefinition(SqlServerStatements.Query, parameters, cancellationToken: cancellationToken));
        return new AlertPage([.. rows.Select(r => r.ToAlert(static t => t))], total, query.Page, query.PageSize);
    }

    public async Task<IReadOnlyList<AlertTransition>> GetHistoryAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(readConnectionString ?? connectionString, cancellationToken);
        var rows = await connection.QueryAsync<TransitionRow<DateTimeOffset>>(new CommandDefinition(SqlServerStatements.History, new { id },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToTransition(static t => t))];
    }

    public async Task<int> DeleteClosedBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(connectionString, cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(SqlServerStatements.DeleteClosedBefore, new { before },
            commandTimeout: 60, cancellationToken: cancellationToken));
    }

    public async Task PingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(connectionString, cancellationToken);
        await connection.ExecuteScalarAsync<int>(new CommandDefinition(SqlServerStatements.Ping, commandTimeout: CommandTimeoutSeconds,
            cancellationToken: cancellationToken));
    }

    private async Task<T> InWriteTransactionAsync<T>(Func<IAlertRows, Task<T>> work, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var connection = await OpenAsync(connectionString, cancellationToken);
            await using var transaction = (SqlTransaction)await connection.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, cancellationToken);
            try
            {
                var result = await work(new SqlServerAlertRows(connection, transaction, CommandTimeoutSeconds));
                await transaction.CommitAsync(cancellationToken);
                return result;
            }
            catch (SqlException error) when (attempt < TransactionAttempts && IsLostRace(error))
            {
                // Deadlock victim, or another instance inserted the open row of the same problem
                // first: the whole transaction runs again and now finds that row (disposing rolls back).
            }
        }
    }

    // Constraint (547), NULL (515), truncation (8152, 2628), conversion (245, 8114), JSON check on labels (547 too).
    public bool RefusesForItsData(Exception error) => error is SqlException { Number: 547 or 515 or 8152 or 2628 or 245 or 8114 };

    private static bool IsLostRace(SqlException error) => error.Number is 1205 or 2601 or 2627;

    private static async Task<IReadOnlyList<PerformanceAlert>> QueryRowsAsync(string connection, string sql, object? parameters,
        CancellationToken cancellationToken)
    {
        await using var open = await OpenAsync(connection, cancellationToken);
        var rows = await open.QueryAsync<AlertRow<DateTimeOffset>>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToAlert(static t => t))];
    }

    private static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal)
            .Replace("_", @"\_", StringComparison.Ordinal).Replace("[", @"\[", StringComparison.Ordinal);

    private static async Task<SqlConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new SqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}
