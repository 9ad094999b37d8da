using Microsoft.Extensions.Diagnostics.HealthChecks;
using Monitor.Collector.Pipeline;

namespace Monitor.AlertEngine.Health;

/// <summary>Ingestion lag: how full the queue between receivers and aggregator is.</summary>
internal sealed class IngestionHealthCheck(IIngestionBacklog backlog) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var (pending, capacity) = (backlog.Pending, backlog.Capacity);
        return Task.FromResult(pending * 5 >= capacity * 4
            ? HealthCheckResult.Degraded($"ingestion queue {pending}/{capacity} batches; exporters are told to retry")
            : HealthCheckResult.Healthy($"ingestion queue {pending}/{capacity} batches"));
    }
}
