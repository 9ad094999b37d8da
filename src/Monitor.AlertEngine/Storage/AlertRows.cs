using System.Data.Common;
using Dapper;
using Monitor.AlertEngine.Model;
using Monitor.AlertEngine.Storage.Outbox;

namespace Monitor.AlertEngine.Storage;

/// <summary>
/// Row operations inside one write transaction of an engine. Reads lock what they read until the
/// transaction ends (SQLite: the transaction holds the file's write lock; SQL Server: UPDLOCK,
/// HOLDLOCK), so a decision and its write see the same row. The version of a write comes from the
/// engine's version counter (SQLite) or from the write itself (SQL Server's rowversion).
/// </summary>
internal sealed class AlertRows(StoreEngine engine, DbConnection connection, DbTransaction transaction) : IAlertRows
{
    private readonly IAlertStatements _alerts = engine.Alerts;

    public async Task<PerformanceAlert?> OpenByFingerprintAsync(string fingerprint, CancellationToken cancel) =>
        (await connection.QuerySingleOrDefaultAsync<AlertRow>(Command(_alerts.OpenByFingerprintLocked, new { fingerprint }, cancel)))?.ToAlert();

    public async Task<PerformanceAlert?> ByIdAsync(string id, CancellationToken cancel) =>
        (await connection.QuerySingleOrDefaultAsync<AlertRow>(Command(_alerts.ByIdLocked, new { id }, cancel)))?.ToAlert();

    public async Task<long> InsertAsync(PerformanceAlert alert, CancellationToken cancel)
    {
        var parameters = AlertParameters.For(alert);
        if (_alerts.NextVersion is not { } next)
        {
            return await connection.ExecuteScalarAsync<long>(Command(_alerts.Insert, parameters, cancel));
        }
        var version = await connection.ExecuteScalarAsync<long>(Command(next, null, cancel));
        parameters.Add("Version", version);
        await connection.ExecuteAsync(Command(_alerts.Insert, parameters, cancel));
        return version;
    }

    public async Task<long?> UpdateAsync(PerformanceAlert alert, long expectedVersion, CancellationToken cancel)
    {
        var parameters = AlertParameters.For(alert);
        parameters.Add("ExpectedVersion", expectedVersion);
        if (_alerts.NextVersion is not { } next)
        {
            return await connection.ExecuteScalarAsync<long?>(Command(_alerts.Update, parameters, cancel));
        }
        var version = await connection.ExecuteScalarAsync<long>(Command(next, null, cancel));
        parameters.Add("Version", version);
        return await connection.ExecuteAsync(Command(_alerts.Update, parameters, cancel)) == 1 ? version : null;
    }

    public async Task AddTransitionsAsync(IReadOnlyList<AlertTransition> transitions, CancellationToken cancel)
    {
        foreach (var step in transitions)
        {
            await connection.ExecuteAsync(Command(_alerts.InsertTransition, AlertParameters.For(step), cancel));
        }
    }

    public async Task AddDeliveriesAsync(IReadOnlyList<NotificationDelivery> deliveries, CancellationToken cancel)
    {
        foreach (var delivery in deliveries)
        {
            await connection.ExecuteAsync(Command(engine.Outbox.Insert, DeliveryParameters.For(delivery), cancel));
        }
    }

    private CommandDefinition Command(string sql, object? parameters, CancellationToken cancel) => engine.Command(sql, parameters, cancel, transaction);
}
