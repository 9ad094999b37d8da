using Monitor.Collector.Pipeline;

namespace Monitor.AlertEngine.Runs;

/// <summary>
/// The run checks (docs/alerts.md, "Runs"), bound from the <c>Runs</c> section; how runs are
/// told apart and ended (<c>Runs:IdleTimeout</c>) is the collector's part of that section.
/// </summary>
public sealed class RunChecksOptions
{
    public const string SectionName = "Runs";

    /// <summary>An active run with no span for this long is stuck (critical).</summary>
    public TimeSpan StuckAfter { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>An active run older than this is stuck too; none by default.</summary>
    public TimeSpan? MaxDuration { get; set; }

    /// <summary>Stages each run must have sent a span for; null: all four.</summary>
    public string[]? RequiredStages { get; set; }

    /// <summary>This many runs in a row that did not succeed fire runs_failing (critical).</summary>
    public int FailingAfter { get; set; } = 3;

    /// <summary>A run longer than this factor times the p95 of the pipeline's earlier succeeded runs is slower than usual.</summary>
    public double SlowerFactor { get; set; } = 2;

    /// <summary>Earlier succeeded runs needed before "slower than usual" is judged.</summary>
    public int SlowerBaselineRuns { get; set; } = 5;

    /// <summary>Expected runs by pipeline (job): no run started by the scheduled time plus its grace fires run_missing.</summary>
    public Dictionary<string, RunScheduleOptions> Schedules { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Per pipeline (job) overrides of the limits above.</summary>
    public Dictionary<string, RunPipelineOptions> Pipelines { get; set; } = new(StringComparer.Ordinal);

    public static IReadOnlyList<PipelineStage> AllStages { get; } = Enum.GetValues<PipelineStage>();

    public IReadOnlyList<PipelineStage> RequiredStagesOf(string job) =>
        Parse(Pipelines.GetValueOrDefault(job)?.RequiredStages ?? RequiredStages) ?? AllStages;

    public TimeSpan StuckAfterOf(string job) => Pipelines.GetValueOrDefault(job)?.StuckAfter ?? StuckAfter;

    public TimeSpan? MaxDurationOf(string job) => Pipelines.GetValueOrDefault(job)?.MaxDuration ?? MaxDuration;

    private static PipelineStage[]? Parse(string[]? names) =>
        names is null ? null : [.. names.Select(name => PipelineStageNames.TryParse(name, out var stage) ? stage : (PipelineStage?)null).OfType<PipelineStage>()];
}
