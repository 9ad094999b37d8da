using Microsoft.Extensions.Diagnostics.HealthChecks;
using Monitor.Collector.Pipeline;

namespace Monitor.Web.Health;

/// <summary>Ready while the ingestion queue has room; degraded once it is over 80 % full.</summary>
internal sealed class IngestionHealthCheck(IIngestionBacklog queue) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var (pending, capacity) = (queue.Pending, queue.Capacity);
        return Task.FromResult(pending * 5 >= capacity * 4
            ? HealthCheckResult.Degraded($"ingestion queue {pending}/{capacity} batches; exporters are being told to retry")
            : HealthCheckResult.Healthy($"ingestion queue {pending}/{capacity} batches"));
    }
}
