namespace Monitor.Web.Realtime;

/// <summary>Server-to-client events of the hub (docs/api.md, "SignalR hub").</summary>
internal static class HubEvents
{
    /// <summary>PipelineMetrics[]: on connect every pipeline; then the watched pipelines, each to its own group.</summary>
    public const string Metrics = "metrics_update";

    /// <summary>PipelineStatus[]: as <see cref="Metrics"/>.</summary>
    public const string Status = "status_update";

    /// <summary>PipelineSummary[]: every pipeline of the fleet: to every client on connect, then to the fleet's group at a snapshot tick when it changed.</summary>
    public const string Fleet = "fleet_update";

    /// <summary>PerformanceAlert[]: the alerts that changed (on connect: every open alert, unless the client connected with <c>?alerts=sync</c>).</summary>
    public const string Alerts = "alerts_update";

    /// <summary>AlertSnapshotPart (<c>{ part, parts, alerts: AlertSummary[] }</c>), one or more: every open alert as a list row, to a client whose SyncAlerts found its copy out of date.</summary>
    public const string AlertsSnapshot = "alerts_snapshot";

    /// <summary>HealthStatus.</summary>
    public const string Health = "health_check_complete";
}
