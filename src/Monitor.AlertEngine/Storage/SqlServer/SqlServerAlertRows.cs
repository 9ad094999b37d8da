using Dapper;
using Microsoft.Data.SqlClient;
using Monitor.AlertEngine.Model;
using Monitor.AlertEngine.Storage.Outbox;

namespace Monitor.AlertEngine.Storage.SqlServer;

/// <summary>
/// Row operations inside one SQL Server transaction: reads take UPDLOCK + HOLDLOCK (the row, or
/// the key range where an open row of that fingerprint would go) until the transaction ends;
/// updates are conditional on the rowversion read.
/// </summary>
internal sealed class SqlServerAlertRows(SqlConnection connection, SqlTransaction transaction, int timeoutSeconds) : IAlertRows
{
    public async Task<PerformanceAlert?> OpenByFingerprintAsync(string fingerprint, CancellationToken cancel) =>
        (await connection.QuerySingleOrDefaultAsync<AlertRow<DateTimeOffset>>(Command(SqlServerStatements.OpenByFingerprint, new { fingerprint }, cancel)))
            ?.ToAlert(static t => t);

    public async Task<PerformanceAlert?> ByIdAsync(string id, CancellationToken cancel) =>
        (await connection.QuerySingleOrDefaultAsync<AlertRow<DateTimeOffset>>(Command(SqlServerStatements.ByIdLocked, new { id }, cancel)))
            ?.ToAlert(static t => t);

    public Task<long> InsertAsync(PerformanceAlert alert, CancellationToken cancel) =>
        connection.ExecuteScalarAsync<long>(Command(SqlServerStatements.Insert, AlertParameters.For(alert, static t => t, static open => open), cancel));

    public Task<long?> UpdateAsync(PerformanceAlert alert, long expectedVersion, CancellationToken cancel)
    {
        var parameters = AlertParameters.For(alert, static t => t, static open => open);
        parameters.Add("ExpectedVersion", expectedVersion);
        return connection.ExecuteScalarAsync<long?>(Command(SqlServerStatements.Update, parameters, cancel));
    }

    public async Task AddTransitionsAsync(IReadOnlyList<AlertTransition> transitions, CancellationToken cancel)
    {
        foreach (var step in transitions)
        {
            await connection.ExecuteAsync(Command(SqlServerStatements.InsertTransition, AlertParameters.For(step, static t => t), cancel));
        }
    }

    public async Task AddDeliveriesAsync(IReadOnlyList<NotificationDelivery> deliveries, CancellationToken cancel)
    {
        foreach (var delivery in deliveries)
        {
            await connection.ExecuteAsync(Command(SqlServerStatements.InsertDelivery, DeliveryParameters.For(delivery, static t => t), cancel));
        }
    }

    private CommandDefinition Command(string sql, object? parameters, CancellationToken cancel) =>
        new(sql, parameters, transaction, timeoutSeconds, cancellationToken: cancel);
}
