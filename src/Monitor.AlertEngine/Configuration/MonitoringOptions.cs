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
