using Monitor.AlertEngine.Health;
using Monitor.Collector.Pipeline;
using Monitor.Collector.Pipeline.Model;

namespace Monitor.Web.Realtime;

/// <summary>What the hub and the API show: the collector's snapshots with the health monitor's status attached.</summary>
internal sealed class MonitorState(IPipelineFeed pipelines, IHealthFeed health)
{
    public IReadOnlyList<PipelineMetrics> Metrics() => MetricsOf(pipelines.LatestSnapshots);

    public IReadOnlyList<PipelineStatus> Status() => StatusOf(pipelines.LatestSnapshots);

    public HealthStatus Health => health.Latest;

    public IReadOnlyList<PipelineMetrics> MetricsOf(IReadOnlyList<PipelineSnapshot> snapshots)
    {
        var status = health.Latest;
        return [.. snapshots.Select(s => s.Metrics with { Health = status })];
    }

    public static IReadOnlyList<PipelineStatus> StatusOf(IReadOnlyList<PipelineSnapshot> snapshots) => [.. snapshots.Select(s => s.Status)];
}
