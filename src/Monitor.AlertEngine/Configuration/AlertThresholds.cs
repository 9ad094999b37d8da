namespace Monitor.AlertEngine.Configuration;

/// <summary>
/// Thresholds of the built-in rules, and the custom rules. Defaults follow docs/alerts.md (error rate
/// 0.05 / 0.20 over the window with at least 20 samples); the others are chosen the same way
/// and documented in docs/alerts.md.
/// </summary>
public sealed class AlertThresholds
{
    public ThresholdOptions ErrorRate { get; set; } = new() { Warning = 0.05, Critical = 0.20, MinSamples = 20 };

    public ThresholdOptions SuccessRate { get; set; } = new() { Warning = 0.90, Critical = 0.75, MinSamples = 20 };

    /// <summary>Mean span duration in the window, milliseconds.</summary>
    public ThresholdOptions AverageProcessingTime { get; set; } = new() { Warning = 5_000, Critical = 15_000, MinSamples = 5 };

    /// <summary>Mean quality score of a resource type in the window.</summary>
    public ThresholdOptions QualityScore { get; set; } = new() { Warning = 0.70, Critical = 0.50 };

    /// <summary>Modules the pipeline reports queued.</summary>
    public ThresholdOptions QueueDepth { get; set; } = new() { Warning = 100, Critical = 500 };

    /// <summary>Seconds since the pipeline last sent telemetry.</summary>
    public ThresholdOptions PipelineInactivity { get; set; } = new() { Warning = 120, Critical = 600 };

    /// <summary>Event rule: one module_generation span longer than this, milliseconds.</summary>
    public ThresholdOptions SlowModule { get; set; } = new() { Warning = 60_000, Critical = 180_000 };

    /// <summary>Event rule: one span with a quality score at or below this.</summary>
    public ThresholdOptions LowQualityResource { get; set; } = new() { Warning = 0.40, Critical = 0.20 };

    public List<CustomRuleOptions> Custom { get; set; } = [];
}
