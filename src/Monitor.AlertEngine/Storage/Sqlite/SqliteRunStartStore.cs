using Dapper;
using Monitor.AlertEngine.Storage.RunStarts;

namespace Monitor.AlertEngine.Storage.Sqlite;

/// <summary>Run starts on SQLite: an upsert that keeps the later start.</summary>
internal sealed class SqliteRunStartStore(string connectionString) : IRunStartStore
{
    private const int CommandTimeoutSeconds = 2;
    private readonly string _connectionString = SqliteConnections.Prepare(connectionString);

    public async Task RecordAsync(string job, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        await using var connection = await SqliteConnections.OpenAsync(_connectionString, CommandTimeoutSeconds, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO run_starts (job, started_at) VALUES (@job, @at)
            ON CONFLICT (job) DO UPDATE SET started_at = excluded.started_at WHERE excluded.started_at > run_starts.started_at
            """, new { job, at = SqliteAlertStore.Ms(startedAt) }, commandTimeout: CommandTimeoutSeconds, cancellationToken: cancellationToken));
    }

    public async Task<StoredRunStarts> ReadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await SqliteConnections.OpenAsync(_connectionString, CommandTimeoutSeconds, cancellationToken);
        var rows = await connection.QueryAsync<(string Job, long StartedAt)>(new CommandDefinition(
            "SELECT job, started_at FROM run_starts", commandTimeout: CommandTimeoutSeconds, cancellationToken: cancellationToken));
        var since = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT tracking_since FROM run_tracking WHERE id = 1", commandTimeout: CommandTimeoutSeconds, cancellationToken: cancellationToken));
        return new StoredRunStarts(rows.ToDictionary(r => r.Job, r => SqliteAlertStore.Time(r.StartedAt), StringComparer.Ordinal),
            SqliteAlertStore.Time(since));
    }
}
