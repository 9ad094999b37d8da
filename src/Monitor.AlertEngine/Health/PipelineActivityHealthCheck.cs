using Microsoft.Extensions.Diagnostics.HealthChecks;
using Monitor.Collector.Pipeline;

namespace Monitor.AlertEngine.Health;

/// <summary>Pipelines that went quiet (no telemetry within the window).</summary>
internal sealed class PipelineActivityHealthCheck(IPipelineFeed feed) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var quiet = feed.LatestSnapshots.Where(s => !s.Status.IsRunning).Select(s => s.Metrics.Job).ToList();
        return Task.FromResult(quiet.Count == 0
            ? HealthCheckResult.Healthy($"{feed.LatestSnapshots.Count} pipelines active")
            : HealthCheckResult.Degraded($"inactive pipelines: {string.Join(", ", quiet)}"));
    }
}
