using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Monitor.AlertEngine.Storage;
using Monitor.Collector.Pipeline;

namespace Monitor.AlertEngine.Health;

/// <summary>
/// The store as its service last probed it (a few seconds ago at most: /readyz never waits on a
/// locked or slow store) and whether writes land: a store that answers pings but refuses writes
/// is not ready either.
/// </summary>
internal sealed class StoreHealthCheck(IAlertStore store, AlertStoreService service, AlertWriteQueue queue) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var probe = service.Probe;
        var waiting = queue.Depth;
        var (setAside, latest) = queue.SetAside;
        HealthCheckResult result;
        if (!service.Ready.IsCompleted || !probe.Reachable)
        {
            result = HealthCheckResult.Unhealthy($"alert store ({store.Provider}) {probe.Detail}; {waiting} alert writes waiting");
        }
        else if (queue.LastError is { } failed)
        {
            result = HealthCheckResult.Unhealthy($"alert store ({store.Provider}) reachable but writes fail: {failed.Message}; {waiting} alert writes waiting");
        }
        else if (setAside > 0)
        {
            result = HealthCheckResult.Degraded($"alert store ({store.Provider}) reachable; {setAside} alert writes set aside for their data, latest: {latest[^1]}");
        }
        else
        {
            result = HealthCheckResult.Healthy($"alert store ({store.Provider}) reachable");
        }
        return Task.FromResult(result);
    }
}

/// <summary>The OTLP receivers listen (the server has its addresses).</summary>
internal sealed class ReceiversHealthCheck(IServer server) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        return Task.FromResult(addresses.Count > 0
            ? HealthCheckResult.Healthy($"listening on {string.Join(", ", addresses)}")
            : HealthCheckResult.Unhealthy("the server is not listening yet"));
    }
}

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
