using Dapper;
using Microsoft.Data.SqlClient;
using Monitor.AlertEngine.Storage.Outbox;

namespace Monitor.AlertEngine.Storage.SqlServer;

/// <summary>
/// The outbox on SQL Server: a claim is one UPDATE over rows read WITH (UPDLOCK, READPAST), so
/// replicas claim side by side without blocking each other and never lease one row twice.
/// </summary>
internal sealed class SqlServerNotificationOutbox(string connectionString) : INotificationOutbox
{
    private const int CommandTimeoutSeconds = 5;

    public async Task<IReadOnlyList<ClaimedDelivery>> ClaimAsync(string claimant, DateTimeOffset now, TimeSpan lease, int limit,
        CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<DeliveryRow<DateTimeOffset>>(new CommandDefinition(SqlServerStatements.ClaimDeliveries,
            new { claimant, now, until = now + lease, limit }, commandTimeout: CommandTimeoutSeconds, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToClaimed(static t => t)).OrderBy(c => c.Id)];
    }

    public Task CompleteAsync(long id, string claimant, DateTimeOffset at, string? result, CancellationToken cancellationToken) =>
        ExecuteAsync(SqlServerStatements.CompleteDelivery, new { id, claimant, at, result }, cancellationToken);

    public Task RetryAsync(long id, string claimant, DateTimeOffset due, string error, CancellationToken cancellationToken) =>
        ExecuteAsync(SqlServerStatements.RetryDelivery, new { id, claimant, due, error = Cut(error) }, cancellationToken);

    public Task FailAsync(long id, string claimant, DateTimeOffset at, string error, CancellationToken cancellationToken) =>
        ExecuteAsync(SqlServerStatements.FailDelivery, new { id, claimant, at, error = Cut(error) }, cancellationToken);

    public async Task<GivenUpDeliveries> GivenUpSinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        // No row at all when none was given up (the grouping has nothing to group).
        return await connection.QueryFirstOrDefaultAsync<GivenUpDeliveries>(new CommandDefinition(SqlServerStatements.GivenUpSince, new { since },
            cancellationToken: cancellationToken)) ?? new GivenUpDeliveries(0, null, null);
    }

    public async Task<IReadOnlyList<NotificationRecord>> GetForAlertAsync(string alertId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<DeliveryRow<DateTimeOffset>>(new CommandDefinition(SqlServerStatements.DeliveriesOfAlert,
            new { id = alertId }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToRecord(static t => t))];
    }

    public async Task<long> CountPendingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(SqlServerStatements.PendingDeliveries, cancellationToken: cancellationToken));
    }

    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<DateTimeOffset?>(new CommandDefinition(SqlServerStatements.NextDeliveryDue,
            cancellationToken: cancellationToken));
    }

    public async Task<int> DeleteDoneBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(SqlServerStatements.DeleteDoneDeliveriesBefore, new { before },
            commandTimeout: CommandTimeoutSeconds, cancellationToken: cancellationToken));
    }

    // last_error is nvarchar(2000).
    private static string Cut(string error) => error.Length <= 2000 ? error : error[..2000];

    private async Task ExecuteAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(sql, parameters, commandTimeout: CommandTimeoutSeconds, cancellationToken: cancellationToken));
    }

    private async Task<SqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}
