using Monitor.AlertEngine.Health;
using Monitor.AlertEngine.OpenAlerts;
using Monitor.AlertEngine.Model;
using Monitor.Collector.Pipeline.Model;

namespace Monitor.Web.Fleet;

/// <summary>
/// What the hub and the API show: every replica's pipelines (<see cref="FleetSnapshots"/>) with the health monitor's status attached.
/// Payloads are arrays: MessagePack cannot write the compiler's own IReadOnlyList of a collection expression.
/// </summary>
internal sealed class MonitorState(FleetSnapshots fleet, IHealthFeed health, IAlertFeed alerts)
{
    public PipelineMetricsView[] Metrics() => MetricsOf(fleet.Latest);

    public PipelineStatus[] Status() => StatusOf(fleet.Latest);

    public HealthStatus Health => health.Latest;

    public PipelineMetricsView[] MetricsOf(IReadOnlyList<PipelineSnapshot> snapshots)
    {
        var status = health.Latest;
        return [.. snapshots.Select(s => PipelineMetricsView.Of(s.Metrics, status))];
    }

    public static PipelineStatus[] StatusOf(IReadOnlyList<PipelineSnapshot> snapshots) => [.. snapshots.Select(s => s.Status)];

    public PipelineSummary[] Fleet() => FleetOf(fleet.Latest);

    public static PipelineSummary[] FleetOf(IReadOnlyList<PipelineSnapshot> snapshots)
    {
        var summary = new PipelineSummary[snapshots.Count];
        for (var i = 0; i < summary.Length; i++)
        {
            var (metrics, status) = (snapshots[i].Metrics, snapshots[i].Status);
            summary[i] = new PipelineSummary(metrics.Job, metrics.ErrorRate, metrics.SampleCount, status.IsRunning, status.LastActivity);
        }
        return summary;
    }

    /// <summary>One pipeline's latest snapshot, or null when the fleet has no such pipeline.</summary>
    public PipelineSnapshot? Pipeline(string job)
    {
        foreach (var snapshot in fleet.Latest)
        {
            if (string.Equals(snapshot.Metrics.Job, job, StringComparison.Ordinal))
            {
                return snapshot;
            }
        }
        return null;
    }

    public PipelineMetricsView MetricsOf(PipelineSnapshot snapshot) => PipelineMetricsView.Of(snapshot.Metrics, health.Latest);

    public PerformanceAlert[] OpenAlerts() => [.. alerts.OpenAlerts];
}
