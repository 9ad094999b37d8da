using Monitor.Collector.Pipeline;
using Monitor.Collector.Runs;

namespace Monitor.AlertEngine.Storage.Runs;

/// <summary>A <c>pipeline_runs</c> row as Dapper reads it; <typeparamref name="TTime"/> is the engine's time type.</summary>
internal sealed record RunRow<TTime>(string Job, string RunId, string TraceId, string? RootSpanId, TTime StartedAt, TTime EndedAt, string Stages, string Outcome)
{
    public PipelineRun ToRun(Func<TTime, DateTimeOffset> time)
    {
        var ended = time(EndedAt);
        return new PipelineRun(Job, RunId, TraceId, time(StartedAt), ended, ended,
            [.. Stages.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(static name => PipelineStageNames.TryParse(name, out var stage) ? stage : (PipelineStage?)null).OfType<PipelineStage>()],
            Enum.GetValues<RunOutcome>().First(o => o.ToName() == Outcome), RootSpanId);
    }

    public static string StagesOf(PipelineRun run) => string.Join(',', run.Stages.Select(static s => s.ToName()));
}
