using Dapper;
using Monitor.AlertEngine.Lifecycle;
using Monitor.AlertEngine.Model;
using Monitor.AlertEngine.Storage.Outbox;

namespace Monitor.AlertEngine.Storage;

/// <summary>
/// The Alert Store on whichever engine: every change is decided against the stored row inside one
/// write transaction (<see cref="AlertApplier"/> over <see cref="AlertRows"/>), and once committed
/// told to the <see cref="IAlertStoreCallback"/>; reads for the engine itself go to the primary, the
/// console's searches and histories may go to a replica.
/// </summary>
internal sealed class AlertStore(StoreEngine engine, IDeliveryPlanner? planner = null, IAlertStoreCallback? callback = null) : IAlertStore
{
    private readonly IAlertStatements _statements = engine.Alerts;
    private readonly IDeliveryPlanner _planner = planner ?? IDeliveryPlanner.None;

    public string Provider => engine.Name;

    public Task MigrateAsync(CancellationToken cancellationToken) => engine.MigrateAsync(cancellationToken);

    public async Task<IReadOnlyList<AlertChange>> ApplyAsync(IReadOnlyList<AlertIntent> intents, CancellationToken cancellationToken)
    {
        var changes = await InWriteTransactionAsync(rows => AlertApplier.ApplyAsync(rows, intents, _planner, cancellationToken), cancellationToken);
        Tell(changes);
        return changes;
    }

    public async Task<(AcknowledgeOutcome Outcome, AlertChange? Change)> AcknowledgeAsync(AcknowledgeCommand command, CancellationToken cancellationToken)
    {
        (AcknowledgeOutcome Outcome, AlertChange? Change) result =
            await InWriteTransactionAsync(rows => AlertApplier.AcknowledgeAsync(rows, command, _planner, cancellationToken), cancellationToken);
        Tell(result.Change);
        return result;
    }

    public async Task<(UnacknowledgeOutcome Outcome, AlertChange? Change)> UnacknowledgeAsync(UnacknowledgeCommand command, CancellationToken cancellationToken)
    {
        (UnacknowledgeOutcome Outcome, AlertChange? Change) result =
            await InWriteTransactionAsync(rows => AlertApplier.UnacknowledgeAsync(rows, command, _planner, cancellationToken), cancellationToken);
        Tell(result.Change);
        return result;
    }

    public async Task<AlertChange?> RecordSilenceAsync(string alertId, string? silenceId, DateTimeOffset? until, CancellationToken cancellationToken)
    {
        var change = await InWriteTransactionAsync(rows => AlertApplier.RecordSilenceAsync(rows, alertId, silenceId, until, cancellationToken), cancellationToken);
        Tell(change);
        return change;
    }

    public async Task<PerformanceAlert?> GetAsync(string id, CancellationToken cancellationToken) =>
        (await QueryRowsAsync(_statements.ById, new { id }, cancellationToken)).SingleOrDefault();

    public Task<IReadOnlyList<PerformanceAlert>> GetOpenAsync(CancellationToken cancellationToken) =>
        QueryRowsAsync(_statements.Open, null, cancellationToken);

    public async Task<long> GetLatestVersionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await engine.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(engine.Command(_statements.LatestVersion, null, cancellationToken));
    }

    public Task<IReadOnlyList<PerformanceAlert>> GetChangedSinceAsync(long version, int limit, CancellationToken cancellationToken) =>
        QueryRowsAsync(_statements.ChangedSince, new { version, limit }, cancellationToken);

    public async Task<AlertPage> QueryAsync(AlertQuery query, CancellationToken cancellationToken)
    {
        var parameters = _statements.QueryParameters(query);
        await using var connection = await engine.OpenForReadingAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<long>(engine.Command(_statements.Count, parameters, cancellationToken));
        var rows = await connection.QueryAsync<AlertRow>(engine.Command(_statements.Query, parameters, cancellationToken));
        return new AlertPage([.. rows.Select(static r => r.ToAlert())], total, query.Page, query.PageSize);
    }

    public async Task<IReadOnlyList<AlertTransition>> GetHistoryAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await engine.OpenForReadingAsync(cancellationToken);
        var rows = await connection.QueryAsync<TransitionRow>(engine.Command(_statements.History, new { id }, cancellationToken));
        return [.. rows.Select(static r => r.ToTransition())];
    }

    public async Task<int> DeleteClosedBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var connection = await engine.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(engine.Maintenance(_statements.DeleteClosedBefore, new { before }, cancellationToken));
    }

    public Task PingAsync(CancellationToken cancellationToken) => engine.PingAsync(cancellationToken);

    public bool RefusesForItsData(Exception error) => engine.RefusesForItsData(error);

    private void Tell(AlertChange? change)
    {
        if (change is not null)
        {
            callback?.Committed([change]);
        }
    }

    private void Tell(IReadOnlyList<AlertChange> changes)
    {
        if (changes.Count > 0)
        {
            callback?.Committed(changes);
        }
    }

    private Task<T> InWriteTransactionAsync<T>(Func<IAlertRows, Task<T>> work, CancellationToken cancellationToken) =>
        engine.InWriteTransactionAsync((connection, transaction) => work(new AlertRows(engine, connection, transaction)), cancellationToken);

    // The primary: the engine must see every open alert and every change, replica lag or not.
    private async Task<IReadOnlyList<PerformanceAlert>> QueryRowsAsync(string sql, object? parameters, CancellationToken cancellationToken)
    {
        await using var connection = await engine.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<AlertRow>(engine.Command(sql, parameters, cancellationToken));
        return [.. rows.Select(static r => r.ToAlert())];
    }
}
