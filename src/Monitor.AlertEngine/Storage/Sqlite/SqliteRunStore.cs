using Dapper;
using Monitor.AlertEngine.Storage.Runs;
using Monitor.Collector.Runs;

namespace Monitor.AlertEngine.Storage.Sqlite;

/// <summary>Runs on SQLite: run starts by an upsert that keeps the later start; ended runs trimmed per pipeline in the same transaction.</summary>
internal sealed class SqliteRunStore(string connectionString) : IRunStore
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

    public async Task RecordEndedAsync(PipelineRun run, int keep, CancellationToken cancellationToken)
    {
        await using var connection = await SqliteConnections.OpenAsync(_connectionString, CommandTimeoutSeconds, cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO pipeline_runs (job, run_id, trace_id, root_span_id, started_at, ended_at, stages, outcome)
            VALUES (@Job, @RunId, @TraceId, @RootSpanId, @StartedAt, @EndedAt, @Stages, @Outcome)
            ON CONFLICT (job, run_id) DO NOTHING;
            DELETE FROM pipeline_runs WHERE job = @Job AND run_id NOT IN
                (SELECT run_id FROM pipeline_runs WHERE job = @Job ORDER BY ended_at DESC LIMIT @keep);
            """, new
        {
            run.Job, run.RunId, run.TraceId, run.RootSpanId,
            StartedAt = SqliteAlertStore.Ms(run.StartedAt), EndedAt = SqliteAlertStore.Ms(run.EndedAt ?? run.LastSpanAt),
            Stages = RunRow<long>.StagesOf(run), Outcome = run.Outcome!.Value.ToName(), keep,
        }, transaction, CommandTimeoutSeconds, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<PipelineRun>> EndedRunsAsync(string job, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await SqliteConnections.OpenAsync(_connectionString, CommandTimeoutSeconds, cancellationToken);
        var rows = await connection.QueryAsync<RunRow<long>>(new CommandDefinition($"""
            SELECT {Columns} FROM pipeline_runs WHERE job = @job ORDER BY ended_at DESC LIMIT @limit
            """, new { job, limit }, commandTimeout: CommandTimeoutSeconds, cancellationToken: cancellationToken));
        return [.. rows.Select(static r => r.ToRun(SqliteAlertStore.Time))];
    }

    public async Task<IReadOnlyList<PipelineRun>> LastRunsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await SqliteConnections.OpenAsync(_connectionString, CommandTimeoutSeconds, cancellationToken);
        var rows = await connection.QueryAsync<RunRow<long>>(new CommandDefinition($"""
            SELECT {Columns} FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY job ORDER BY ended_at DESC) AS n FROM pipeline_runs) WHERE n = 1
            """, commandTimeout: CommandTimeoutSeconds, cancellationToken: cancellationToken));
        return [.. rows.Select(static r => r.ToRun(SqliteAlertStore.Time))];
    }

    private const string Columns = "job AS Job, run_id AS RunId, trace_id AS TraceId, root_span_id AS RootSpanId, started_at AS StartedAt, ended_at AS EndedAt, stages AS Stages, outcome AS Outcome";
}
