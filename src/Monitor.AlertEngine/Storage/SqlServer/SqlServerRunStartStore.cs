using Dapper;
using Microsoft.Data.SqlClient;
using Monitor.AlertEngine.Storage.RunStarts;

namespace Monitor.AlertEngine.Storage.SqlServer;

/// <summary>
/// Run starts on SQL Server: update-then-insert under UPDLOCK, HOLDLOCK (a key-range lock on the
/// job), so two replicas recording the same pipeline at once neither fail on the key nor lose the later start.
/// </summary>
internal sealed class SqlServerRunStartStore(string connectionString) : IRunStartStore
{
    private const int CommandTimeoutSeconds = 5;

    public async Task RecordAsync(string job, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        await using var connection = new SqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            SET XACT_ABORT ON;
            BEGIN TRANSACTION;
            UPDATE dbo.run_starts WITH (UPDLOCK, HOLDLOCK) SET started_at = @at WHERE job = @job AND started_at < @at;
            IF @@ROWCOUNT = 0 AND NOT EXISTS (SELECT 1 FROM dbo.run_starts WITH (UPDLOCK, HOLDLOCK) WHERE job = @job)
                INSERT INTO dbo.run_starts (job, started_at) VALUES (@job, @at);
            COMMIT TRANSACTION;
            """, new { job, at = startedAt }, commandTimeout: CommandTimeoutSeconds, cancellationToken: cancellationToken));
    }

    public async Task<StoredRunStarts> ReadAsync(CancellationToken cancellationToken)
    {
        await using var connection = new SqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Job, DateTimeOffset StartedAt)>(new CommandDefinition(
            "SELECT job, started_at FROM dbo.run_starts", commandTimeout: CommandTimeoutSeconds, cancellationToken: cancellationToken));
        var since = await connection.ExecuteScalarAsync<DateTimeOffset>(new CommandDefinition(
            "SELECT tracking_since FROM dbo.run_tracking WHERE id = 1", commandTimeout: CommandTimeoutSeconds, cancellationToken: cancellationToken));
        return new StoredRunStarts(rows.ToDictionary(r => r.Job, r => r.StartedAt, StringComparer.Ordinal), since);
    }
}
