using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Monitor.AlertEngine.Configuration;
using Monitor.AlertEngine.Telemetry;
using Monitor.Collector.Feeds;
using CheckStatus = Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus;

namespace Monitor.AlertEngine.Health;

/// <summary>
/// The seed's Health Monitor: every Monitoring:HealthCheckInterval it runs the ASP.NET Core
/// health checks and publishes a HealthStatus (healthy | degraded | unhealthy, with the issues).
/// </summary>
internal sealed class HealthMonitor(HealthCheckService checks, IOptionsMonitor<MonitoringOptions> monitoring, Storage.AlertStoreService store, IHostApplicationLifetime lifetime,
    AlertLog log, TimeProvider time) : BackgroundService, IHealthFeed
{
    private readonly Feed<HealthStatus> _changes = new();
    private HealthStatus _latest = new(HealthStatus.Healthy, DateTimeOffset.MinValue, ["not checked yet"]);

    public HealthStatus Latest => Volatile.Read(ref _latest);

    public FeedSubscription<HealthStatus> Subscribe() => _changes.Subscribe(4);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The first report waits for the server to listen and (a little) for the store's migration,
        // so that a normal start does not begin with "unhealthy" for a whole interval.
        try
        {
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
            {
                await started.Task.WaitAsync(TimeSpan.FromSeconds(30), time, stoppingToken);
            }
            await store.Ready.WaitAsync(TimeSpan.FromSeconds(10), time, stoppingToken);
        }
        catch (TimeoutException)
        {
        }
        catch (OperationCanceledException)
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            await CheckAsync(stoppingToken);
            try
            {
                await Task.Delay(monitoring.CurrentValue.HealthCheckInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Runs every check once and publishes the result.</summary>
    internal async Task<HealthStatus> CheckAsync(CancellationToken cancellationToken)
    {
        HealthStatus status;
        try
        {
            var report = await checks.CheckHealthAsync(cancellationToken);
            status = new HealthStatus(
                report.Status switch
                {
                    CheckStatus.Healthy => HealthStatus.Healthy,
                    CheckStatus.Degraded => HealthStatus.Degraded,
                    _ => HealthStatus.Unhealthy,
                },
                time.GetUtcNow(),
                [.. report.Entries
                    .Where(e => e.Value.Status != CheckStatus.Healthy)
                    .Select(e => $"{e.Key}: {e.Value.Description ?? e.Value.Exception?.Message ?? e.Value.Status.ToString()}")]);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            log.HealthCheckFailed(error);
            status = new HealthStatus(HealthStatus.Unhealthy, time.GetUtcNow(), [$"health checks failed: {error.Message}"]);
        }
        Volatile.Write(ref _latest, status);
        _changes.Publish(status);
        return status;
    }
}
