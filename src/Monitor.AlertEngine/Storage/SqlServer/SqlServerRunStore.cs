using Dapper;
using Microsoft.Data.SqlClient;
using Monitor.AlertEngine.Storage.Runs;
using Monitor.Collector.Runs;

namespace Monitor.AlertEngine.Storage.SqlServer;

/// <summary>
/// Runs on SQL Server: writes under UPDLOCK, HOLDLOCK (a key-range lock on the key), so two
/// replicas recording the same pipeline or run at once neither fail on the key nor lose the later start.
/// </summary>
internal sealed class SqlServerRunStore(string connectionString) : IRunStore
{
    private const int CommandTimeoutSeconds = 5;

    public async Task RecordAsync(string job, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
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
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Job, DateTimeOffset StartedAt)>(new CommandDefinition(
            "SELECT job, started_at FROM dbo.run_starts", commandTimeout: CommandTimeoutSeconds, cancellationToken: cancellationToken));
        var since = await connection.ExecuteScalarAsync<DateTimeOffset>(new CommandDefinition(
            "SELECT tracking_since FROM dbo.run_tracking WHERE id = 1", commandTimeout: CommandTimeoutSeconds, cancellationToken: cancellationToken));
        return new StoredRunStarts(rows.ToDictionary(r => r.Job, r => r.StartedAt, StringComparer.Ordinal), since);
    }

    public async Task RecordEndedAsync(PipelineRun run, int keep, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            SET XACT_ABORT ON;
            BEGIN TRANSACTION;
            IF NOT EXISTS (SELECT 1 FROM dbo.pipeline_runs WITH (UPDLOCK, HOLDLOCK) WHERE job = @Job AND run_id = @RunId)
                INSERT INTO dbo.pipeline_runs (job, run_id, trace_id, root_span_id, started_at, ended_at, stages, outcome)
                VALUES (@Job, @RunId, @TraceId, @RootSpanId, @StartedAt, @EndedAt, @Stages, @Outcome);
            DELETE FROM dbo.pipeline_runs WHERE job = @Job AND run_id NOT IN
                (SELECT TOP (@keep) run_id FROM dbo.pipeline_runs WHERE job = @Job ORDER BY ended_at DESC);
            COMMIT TRANSACTION;
            """, new
        {
            run.Job, run.RunId, run.TraceId, run.RootSpanId, run.StartedAt, EndedAt = run.EndedAt ?? run.LastSpanAt,
            Stages = RunRow<DateTimeOffset>.StagesOf(run), Outcome = run.Outcome!.Value.ToName(), keep,
        }, commandTimeout: CommandTimeoutSeconds, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<PipelineRun>> EndedRunsAsync(string job, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<RunRow<DateTimeOffset>>(new CommandDefinition($"""
            SELECT TOP (@limit) {Columns} FROM dbo.pipeline_runs WHERE job = @job ORDER BY ended_at DESC
            """, new { job, limit }, commandTimeout: CommandTimeoutSeconds, cancellationToken: cancellationToken));
        return [.. rows.Select(static r => r.ToRun(static t => t))];
    }

    public async Task<IReadOnlyList<PipelineRun>> LastRunsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<RunRow<DateTimeOffset>>(new CommandDefinition($"""
            SELECT {Columns} FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY job ORDER BY ended_at DESC) AS n FROM dbo.pipeline_runs) AS latest WHERE n = 1
            """, commandTimeout: CommandTimeoutSeconds, cancellationToken: cancellationToken));
        return [.. rows.Select(static r => r.ToRun(static t => t))];
    }

    private async Task<SqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private const string Columns = "job AS Job, run_id AS RunId, trace_id AS TraceId, root_span_id AS RootSpanId, started_at AS StartedAt, ended_at AS EndedAt, stages AS Stages, outcome AS Outcome";
}
