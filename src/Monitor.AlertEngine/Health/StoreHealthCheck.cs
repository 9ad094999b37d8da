using Microsoft.Extensions.Diagnostics.HealthChecks;
using Monitor.AlertEngine.Storage;

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
