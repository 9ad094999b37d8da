namespace Monitor.AlertEngine.Configuration;

/// <summary>
/// The seed's MonitoringConfig, bound from the <c>Monitoring</c> section, validated at start-up
/// and on every reload (a bad reload is refused; the previous rules keep running).
/// </summary>
public sealed class MonitoringOptions
{
    public const string SectionName = "Monitoring";

    public bool EnableMetrics { get; set; } = true;

    public bool EnableAlerts { get; set; } = true;

    public AlertThresholds AlertThresholds { get; set; } = new();

    /// <summary>How often the health monitor runs the health checks.</summary>
    public TimeSpan HealthCheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Closed alerts older than this many days are deleted.</summary>
    public int MetricsRetentionDays { get; set; } = 30;

    /// <summary>A firing alert nobody acknowledged expires this long after it fired.</summary>
    public TimeSpan AlertExpiry { get; set; } = TimeSpan.FromHours(4);
}

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

/// <summary>One built-in rule's settings.</summary>
public sealed class ThresholdOptions
{
    public bool Enabled { get; set; } = true;

    public double Warning { get; set; }

    public double Critical { get; set; }

    /// <summary>Window rules: fewer spans than this in the window never breach (too little evidence).</summary>
    public int MinSamples { get; set; }

    /// <summary>The breach must last this long before the alert fires.</summary>
    public TimeSpan For { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// A firing alert clears only once the value is back past the warning threshold by this
    /// fraction of it, so a value hovering at the threshold does not flap.
    /// </summary>
    public double Hysteresis { get; set; } = 0.1;

    /// <summary>A runbook for this rule's alerts: Alertmanager's <c>runbook_url</c> annotation.</summary>
    public string? RunbookUrl { get; set; }
}

/// <summary>A custom rule on any series of /metrics.</summary>
public sealed class CustomRuleOptions
{
    public string Name { get; set; } = string.Empty;

    /// <summary>Prometheus metric name as exposed (for a histogram, the family name).</summary>
    public string Metric { get; set; } = string.Empty;

    /// <summary>Label equality matchers; series must have every one of them.</summary>
    public Dictionary<string, string> Matchers { get; set; } = [];

    /// <summary>last | sum | avg | min | max | rate | p50 | p90 | p95 | p99 (percentiles of a histogram over the window).</summary>
    public string Aggregation { get; set; } = "last";

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>&gt; | &gt;= | &lt; | &lt;=</summary>
    public string Operator { get; set; } = ">";

    public double Warning { get; set; }

    public double Critical { get; set; }

    public TimeSpan For { get; set; } = TimeSpan.Zero;

    public double Hysteresis { get; set; } = 0.1;

    public string? Message { get; set; }

    /// <summary>A runbook for this rule's alerts: Alertmanager's <c>runbook_url</c> annotation.</summary>
    public string? RunbookUrl { get; set; }
}
