namespace Monitor.Web.Realtime;

/// <summary>Server-to-client events of the hub (docs/architecture.md, "SignalR").</summary>
internal static class HubEvents
{
    /// <summary>PipelineMetrics[]: every pipeline this instance collects.</summary>
    public const string Metrics = "metrics_update";

    /// <summary>PipelineStatus[]: every pipeline this instance collects.</summary>
    public const string Status = "status_update";

    /// <summary>PerformanceAlert[]: the alerts that changed (on connect: every open alert).</summary>
    public const string Alerts = "alerts_update";

    /// <summary>HealthStatus.</summary>
    public const string Health = "health_check_complete";
}
