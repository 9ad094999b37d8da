using Monitor.AlertEngine.Configuration;
using Monitor.Collector.Pipeline;

namespace Monitor.AlertEngine.Rules;

/// <summary>
/// Every built-in rule, in one place: the rule set builds its rules from this list and the
/// configuration validator checks the thresholds of each entry, so a rule cannot exist in one
/// and be forgotten in the other. Defaults and their reasons: docs/alerts.md.
/// </summary>
internal static class RuleCatalogue
{
    public const string ErrorRate = "error_rate";
    public const string SuccessRate = "success_rate";
    public const string AverageProcessingTime = "average_processing_time";
    public const string QualityScore = "quality_score";
    public const string QueueDepth = "queue_depth";
    public const string PipelineInactivity = "pipeline_inactivity";
    public const string SlowModule = "slow_module";
    public const string LowQualityResource = "low_quality_resource";

    // The run checks (AlertEngine/Runs) judge runs rather than one threshold, but their names
    // are rule names all the same: a custom rule cannot take one.
    public const string RunFailed = "run_failed";
    public const string RunsFailing = "runs_failing";
    public const string StageSkipped = "stage_skipped";
    public const string RunSlow = "run_slow";
    public const string RunStuck = "run_stuck";
    public const string RunMissing = "run_missing";

    public static IReadOnlyList<string> RunChecks { get; } = [RunFailed, RunsFailing, StageSkipped, RunSlow, RunStuck, RunMissing];

    public static IReadOnlyList<BuiltInRule> BuiltIn { get; } =
    [
        new(ErrorRate, nameof(AlertThresholds.ErrorRate), ThresholdOperator.GreaterThanOrEqual, 0, 1, "",
            "Share of the pipeline's spans that failed in the window.", static t => t.ErrorRate,
            Window: static (s, _, o, into) => into.Add(new(s.Metrics.Job, s.Metrics.SampleCount >= o.MinSamples ? s.Metrics.ErrorRate : null))),
        new(SuccessRate, nameof(AlertThresholds.SuccessRate), ThresholdOperator.LessThanOrEqual, 0, 1, "",
            "Share of the pipeline's spans that succeeded in the window.", static t => t.SuccessRate,
            Window: static (s, _, o, into) => into.Add(new(s.Metrics.Job, s.Metrics.SampleCount >= o.MinSamples ? s.Metrics.SuccessRate : null))),
        new(AverageProcessingTime, nameof(AlertThresholds.AverageProcessingTime), ThresholdOperator.GreaterThanOrEqual, 0, double.MaxValue, " ms",
            "Mean span duration in the window, milliseconds.", static t => t.AverageProcessingTime,
            Window: static (s, _, o, into) => into.Add(new(s.Metrics.Job, s.Metrics.SampleCount >= o.MinSamples ? s.Metrics.AverageProcessingTime : null))),
        new(QualityScore, nameof(AlertThresholds.QualityScore), ThresholdOperator.LessThanOrEqual, 0, 1, "",
            "Mean quality score of one resource type in the window.", static t => t.QualityScore,
            Window: static (s, _, _, into) =>
            {
                foreach (var (type, score) in s.Metrics.QualityScores)
                {
                    into.Add(new(s.Metrics.Job, score, "resource_type", type));
                }
            }),
        new(QueueDepth, nameof(AlertThresholds.QueueDepth), ThresholdOperator.GreaterThanOrEqual, 0, double.MaxValue, "",
            "Modules the pipeline reports queued.", static t => t.QueueDepth,
            Window: static (s, _, _, into) => into.Add(new(s.Metrics.Job, s.Status.QueuedModules))),
        new(PipelineInactivity, nameof(AlertThresholds.PipelineInactivity), ThresholdOperator.GreaterThanOrEqual, 1, double.MaxValue, " s",
            "Seconds since the pipeline last sent telemetry.", static t => t.PipelineInactivity,
            Window: static (s, now, _, into) => into.Add(new(s.Metrics.Job, s.Status.LastActivity is { } last ? (now - last).TotalSeconds : null))),
        new(SlowModule, nameof(AlertThresholds.SlowModule), ThresholdOperator.GreaterThanOrEqual, 0, double.MaxValue, " ms",
            "Duration of one module_generation span, milliseconds.", static t => t.SlowModule,
            Event: static span => span.Stage == PipelineStage.ModuleGeneration ? span.DurationSeconds * 1000 : null),
        new(LowQualityResource, nameof(AlertThresholds.LowQualityResource), ThresholdOperator.LessThanOrEqual, 0, 1, "",
            "Quality score of one span.", static t => t.LowQualityResource,
            Event: static span => span.QualityScore),
    ];

    /// <summary>A built-in threshold rule or run check: a custom rule cannot take its name.</summary>
    public static bool IsBuiltIn(string name) => BuiltIn.Any(r => r.Name == name) || RunChecks.Contains(name);
}
