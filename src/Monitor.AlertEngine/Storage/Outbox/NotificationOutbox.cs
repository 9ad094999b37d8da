using Dapper;

namespace Monitor.AlertEngine.Storage.Outbox;

/// <summary>The notification outbox on whichever engine: claims are write transactions, so two replicas never lease one delivery.</summary>
internal sealed class NotificationOutbox(StoreEngine engine) : INotificationOutbox
{
    // The last_error column holds 2000 characters (nvarchar(2000) on SQL Server).
    private const int MaxError = 2000;

    private readonly IOutboxStatements _statements = engine.Outbox;

    public Task<IReadOnlyList<ClaimedDelivery>> ClaimAsync(string claimant, DateTimeOffset now, TimeSpan lease, int limit, CancellationToken cancellationToken) =>
        engine.InWriteTransactionAsync<IReadOnlyList<ClaimedDelivery>>(async (connection, transaction) =>
        {
            var rows = await connection.QueryAsync<DeliveryRow>(engine.Command(_statements.Claim, new { claimant, now, until = now + lease, limit },
                cancellationToken, transaction));
            return [.. rows.Select(static r => r.ToClaimed()).OrderBy(static c => c.Id)];
        }, cancellationToken);

    public Task CompleteAsync(long id, string claimant, DateTimeOffset at, string? result, CancellationToken cancellationToken) =>
        engine.ExecuteAsync(_statements.Complete, new { id, claimant, at, result }, cancellationToken);

    public Task RetryAsync(long id, string claimant, DateTimeOffset due, string error, CancellationToken cancellationToken) =>
        engine.ExecuteAsync(_statements.Retry, new { id, claimant, due, error = Cut(error) }, cancellationToken);

    public Task FailAsync(long id, string claimant, DateTimeOffset at, string error, CancellationToken cancellationToken) =>
        engine.ExecuteAsync(_statements.Fail, new { id, claimant, at, error = Cut(error) }, cancellationToken);

    public async Task<GivenUpDeliveries> GivenUpSinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await engine.OpenAsync(cancellationToken);
        return await connection.QueryFirstOrDefaultAsync<GivenUpDeliveries>(engine.Command(_statements.GivenUpSince, new { since }, cancellationToken))
            ?? new GivenUpDeliveries(0, null, null);
    }

    public async Task<IReadOnlyList<NotificationRecord>> GetForAlertAsync(string alertId, CancellationToken cancellationToken)
    {
        await using var connection = await engine.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<DeliveryRow>(engine.Command(_statements.OfAlert, new { id = alertId }, cancellationToken));
        return [.. rows.Select(static r => r.ToRecord())];
    }

    public async Task<long> CountPendingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await engine.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(engine.Command(_statements.Pending, null, cancellationToken));
    }

    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken)
    {
        await using var connection = await engine.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<DateTimeOffset?>(engine.Command(_statements.NextDue, null, cancellationToken));
    }

    public async Task<int> DeleteDoneBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var connection = await engine.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(engine.Maintenance(_statements.DeleteDoneBefore, new { before }, cancellationToken));
    }

    private static string Cut(string error) => error.Length <= MaxError ? error : error[..MaxError];
}
