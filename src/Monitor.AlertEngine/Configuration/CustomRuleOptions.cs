namespace Monitor.AlertEngine.Configuration;

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
