using Dapper;
using Microsoft.Data.Sqlite;
using Monitor.AlertEngine.Storage.Outbox;

namespace Monitor.AlertEngine.Storage.Sqlite;

/// <summary>The outbox on SQLite: a claim is one IMMEDIATE transaction (the file's write lock), so two processes never lease one row.</summary>
internal sealed class SqliteNotificationOutbox(string connectionString) : INotificationOutbox
{
    private const int CommandTimeoutSeconds = 2;
    private readonly string _connectionString = SqliteConnections.Prepare(connectionString);

    public async Task<IReadOnlyList<ClaimedDelivery>> ClaimAsync(string claimant, DateTimeOffset now, TimeSpan lease, int limit,
        CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var rows = await connection.QueryAsync<DeliveryRow<long>>(new CommandDefinition(SqliteStatements.ClaimDeliveries,
            new { claimant, now = Ms(now), until = Ms(now + lease), limit }, transaction, CommandTimeoutSeconds, cancellationToken: cancellationToken));
        var claimed = rows.Select(r => r.ToClaimed(SqliteAlertStore.Time)).OrderBy(c => c.Id).ToList();
        await transaction.CommitAsync(cancellationToken);
        return claimed;
    }

    public Task CompleteAsync(long id, string claimant, DateTimeOffset at, string? result, CancellationToken cancellationToken) =>
        ExecuteAsync(SqliteStatements.CompleteDelivery, new { id, claimant, at = Ms(at), result }, cancellationToken);

    public Task RetryAsync(long id, string claimant, DateTimeOffset due, string error, CancellationToken cancellationToken) =>
        ExecuteAsync(SqliteStatements.RetryDelivery, new { id, claimant, due = Ms(due), error }, cancellationToken);

    public Task FailAsync(long id, string claimant, DateTimeOffset at, string error, CancellationToken cancellationToken) =>
        ExecuteAsync(SqliteStatements.FailDelivery, new { id, claimant, at = Ms(at), error }, cancellationToken);

    public async Task<GivenUpDeliveries> GivenUpSinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await connection.QuerySingleAsync<GivenUpDeliveries>(new CommandDefinition(SqliteStatements.GivenUpSince, new { since = Ms(since) },
            cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<NotificationRecord>> GetForAlertAsync(string alertId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<DeliveryRow<long>>(new CommandDefinition(SqliteStatements.DeliveriesOfAlert, new { id = alertId },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToRecord(SqliteAlertStore.Time))];
    }

    public async Task<long> CountPendingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(SqliteStatements.PendingDeliveries, cancellationToken: cancellationToken));
    }

    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var due = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(SqliteStatements.NextDeliveryDue, cancellationToken: cancellationToken));
        return due is { } ms ? SqliteAlertStore.Time(ms) : null;
    }

    public async Task<int> DeleteDoneBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(SqliteStatements.DeleteDoneDeliveriesBefore, new { before = Ms(before) },
            commandTimeout: CommandTimeoutSeconds, cancellationToken: cancellationToken));
    }

    private async Task ExecuteAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(sql, parameters, commandTimeout: CommandTimeoutSeconds, cancellationToken: cancellationToken));
    }

    private static long Ms(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) =>
        SqliteConnections.OpenAsync(_connectionString, CommandTimeoutSeconds, cancellationToken);
}
