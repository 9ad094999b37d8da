using Monitor.Collector.Pipeline;
using Monitor.Collector.Runs;

namespace Monitor.Web.Api;

/// <summary>A run as the API and the console show it: stage and outcome by their wire names.</summary>
/// <param name="Outcome">succeeded, failed or abandoned; null while active.</param>
/// <param name="DurationSeconds">To its end, or to its last span while active.</param>
internal sealed record RunView(string Job, string RunId, string TraceId, string? RootSpanId, DateTimeOffset StartedAt, DateTimeOffset? EndedAt,
    DateTimeOffset LastSpanAt, double DurationSeconds, IReadOnlyList<string> Stages, string? Outcome)
{
    public static RunView Of(PipelineRun run) => new(run.Job, run.RunId, run.TraceId, run.RootSpanId, run.StartedAt, run.EndedAt, run.LastSpanAt,
        Math.Max(0, run.Duration.TotalSeconds), [.. run.Stages.Select(static s => s.ToName())], run.Outcome?.ToName());
}
