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

/// <summary>A pipeline's expected runs (<c>Runs:Schedules</c>).</summary>
internal sealed record RunScheduleView(string Cron, string TimeZone, TimeSpan Grace, DateTimeOffset? NextExpectedRun);

/// <summary>One pipeline's runs: active ones (as this replica sees them), the last ended ones (from the store), its schedule.</summary>
internal sealed record PipelineRunsView(string Job, IReadOnlyList<RunView> Active, IReadOnlyList<RunView> Ended, RunScheduleView? Schedule);

/// <summary>One line of the fleet's runs: the pipeline's last ended run, its active runs, its next expected run.</summary>
internal sealed record PipelineLastRunView(string Job, RunView? LastRun, int ActiveRuns, DateTimeOffset? NextExpectedRun);
