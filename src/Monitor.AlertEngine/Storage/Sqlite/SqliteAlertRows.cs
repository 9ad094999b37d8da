using Dapper;
using Microsoft.Data.Sqlite;
using Monitor.AlertEngine.Model;
using Monitor.AlertEngine.Storage.Outbox;

namespace Monitor.AlertEngine.Storage.Sqlite;

/// <summary>
/// Row operations inside one SQLite write transaction. The transaction began IMMEDIATE, so it
/// holds the database's write lock: what it reads cannot change until it commits, in this
/// process or another one on the same file.
/// </summary>
internal sealed class SqliteAlertRows(SqliteConnection connection, SqliteTransaction transaction, int timeoutSeconds)
    : IAlertRows
{
    public async Task<PerformanceAlert?> OpenByFingerprintAsync(string fingerprint, CancellationToken cancel) =>
        (await connection.QuerySingleOrDefaultAsync<AlertRow<long>>(Command(SqliteStatements.OpenByFingerprint, new { fingerprint }, cancel)))
            ?.ToAlert(SqliteAlertStore.Time);

    public async Task<PerformanceAlert?> ByIdAsync(string id, CancellationToken cancel) =>
        (await connection.QuerySingleOrDefaultAsync<AlertRow<long>>(Command(SqliteStatements.ById, new { id }, cancel)))?.ToAlert(SqliteAlertStore.Time);

    public async Task<long> InsertAsync(PerformanceAlert alert, CancellationToken cancel)
    {
        var version = await NextVersionAsync(cancel);
        var parameters = AlertParameters.For(alert, SqliteAlertStore.Ms, static open => open ? 1 : 0);
        parameters.Add("Version", version);
        await connection.ExecuteAsync(Command(SqliteStatements.Insert, parameters, cancel));
        return version;
    }

    public async Task<long?> UpdateAsync(PerformanceAlert alert, long expectedVersion, CancellationToken cancel)
    {
        var version = await NextVersionAsync(cancel);
        var parameters = AlertParameters.For(alert, SqliteAlertStore.Ms, static open => open ? 1 : 0);
        parameters.Add("Version", version);
        parameters.Add("ExpectedVersion", expectedVersion);
        return await connection.ExecuteAsync(Command(SqliteStatements.Update, parameters, cancel)) == 1 ? version : null;
    }

    public async Task AddTransitionsAsync(IReadOnlyList<AlertTransition> transitions, CancellationToken cancel)
    {
        foreach (var step in transitions)
        {
            await connection.ExecuteAsync(Command(SqliteStatements.InsertTransition, AlertParameters.For(step, SqliteAlertStore.Ms), cancel));
        }
    }

    public async Task AddDeliveriesAsync(IReadOnlyList<NotificationDelivery> deliveries, CancellationToken cancel)
    {
        foreach (var delivery in deliveries)
        {
            await connection.ExecuteAsync(Command(SqliteStatements.InsertDelivery, DeliveryParameters.For(delivery, SqliteAlertStore.Ms), cancel));
        }
    }

    private Task<long> NextVersionAsync(CancellationToken cancel) => connection.ExecuteScalarAsync<long>(Command(SqliteStatements.NextVersion, null, cancel));

    private CommandDefinition Command(string sql, object? parameters, CancellationToken cancel) =>
        new(sql, parameters, transaction, timeoutSeconds, cancellationToken: cancel);
}
