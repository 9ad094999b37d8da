using Dapper;
using Monitor.Collector.Runs;

namespace Monitor.AlertEngine.Storage.Runs;

/// <summary>Runs in the alert store, on whichever engine: its statements decide how two replicas recording one pipeline agree.</summary>
internal sealed class RunStore(StoreEngine engine) : IRunStore
{
    private readonly IRunStatements _statements = engine.Runs;

    public Task RecordAsync(string job, DateTimeOffset startedAt, CancellationToken cancellationToken) =>
        engine.ExecuteWriteAsync(_statements.RecordStart, new { job, at = startedAt }, cancellationToken);

    public async Task<StoredRunStarts> ReadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await engine.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<RunStartRow>(engine.Command(_statements.Starts, null, cancellationToken));
        var since = await connection.ExecuteScalarAsync<DateTimeOffset>(engine.Command(_statements.TrackingSince, null, cancellationToken));
        return new StoredRunStarts(rows.ToDictionary(r => r.Job, r => r.StartedAt, StringComparer.Ordinal), since);
    }

    public Task RecordEndedAsync(PipelineRun run, int keep, CancellationToken cancellationToken) =>
        engine.ExecuteWriteAsync(_statements.RecordEnded, new
        {
            run.Job, run.RunId, run.TraceId, run.RootSpanId, run.StartedAt, EndedAt = run.EndedAt ?? run.LastSpanAt,
            Stages = RunRow.StagesOf(run), Outcome = run.Outcome!.Value.ToName(), keep,
        }, cancellationToken);

    public async Task<IReadOnlyList<PipelineRun>> EndedRunsAsync(string job, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await engine.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<RunRow>(engine.Command(_statements.EndedRuns, new { job, limit }, cancellationToken));
        return [.. rows.Select(static r => r.ToRun())];
    }

    public async Task<IReadOnlyList<PipelineRun>> LastRunsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await engine.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<RunRow>(engine.Command(_statements.LastRuns, null, cancellationToken));
        return [.. rows.Select(static r => r.ToRun())];
    }
}
