using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Monitor.AlertEngine.Evaluation;
using Monitor.AlertEngine.Storage;
using Monitor.Collector.Pipeline;

namespace Monitor.AlertEngine.Health;

/// <summary>Store reachable (a write lock can be taken) and nothing stuck in the outbox.</summary>
internal sealed class StoreHealthCheck(IAlertStore store, AlertOutbox outbox, AlertEvaluator evaluator) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!evaluator.StoreReady.IsCompleted)
        {
            return HealthCheckResult.Unhealthy($"alert store ({store.Provider}) not migrated yet; {outbox.Depth} alert writes waiting");
        }
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            await store.PingAsync(timeout.Token);
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"alert store ({store.Provider}) unreachable: {error.Message}; {outbox.Depth} alert writes waiting");
        }
        return outbox.LastError is { } last
            ? HealthCheckResult.Degraded($"alert store ({store.Provider}) reachable, last write failed: {last.Message}; {outbox.Depth} alert writes waiting")
            : HealthCheckResult.Healthy($"alert store ({store.Provider}) reachable");
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
