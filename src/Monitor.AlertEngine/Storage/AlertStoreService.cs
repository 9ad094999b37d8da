using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Monitor.AlertEngine.Configuration;
using Monitor.AlertEngine.Telemetry;

namespace Monitor.AlertEngine.Storage;

/// <summary>
/// The store's own upkeep: migrations at start (retried until the store answers; evaluation goes
/// on meanwhile and its writes wait in the queue), a probe every few seconds whose last result the
/// readiness check reads without waiting on the store, and hourly deletion of closed alerts older
/// than Monitoring:MetricsRetentionDays and of expired sign-in sessions.
/// </summary>
internal sealed class AlertStoreService(IAlertStore store, WebSessions.ISessionStore sessions, Outbox.INotificationOutbox outbox, IOptionsMonitor<MonitoringOptions> monitoring, AlertLog log,
    TimeProvider time)
    : BackgroundService, IAlertStoreReadiness
{
    private static readonly TimeSpan ProbeEvery = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan RetentionEvery = TimeSpan.FromHours(1);

    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private StoreProbe _probe = new(false, "not checked yet", DateTimeOffset.MinValue);

    public Task Ready => _ready.Task;

    /// <summary>The latest probe of the store (never waits on it).</summary>
    public StoreProbe Probe => Volatile.Read(ref _probe);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await MigrateAsync(stoppingToken);
            var lastRetention = DateTimeOffset.MinValue;
            while (!stoppingToken.IsCancellationRequested)
            {
                await ProbeAsync(stoppingToken);
                var now = time.GetUtcNow();
                if (now - lastRetention >= RetentionEvery)
                {
                    lastRetention = now;
                    await DeleteOldAlertsAsync(now, stoppingToken);
                }
                await Task.Delay(ProbeEvery, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await store.MigrateAsync(cancellationToken);
                Volatile.Write(ref _probe, new StoreProbe(true, "migrated", time.GetUtcNow()));
                log.StoreMigrated(store.Provider);
                _ready.TrySetResult();
                return;
            }
            catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Volatile.Write(ref _probe, new StoreProbe(false, $"not migrated: {error.Message}", time.GetUtcNow()));
                log.StoreNotReady(error, store.Provider);
                await Task.Delay(TimeSpan.FromSeconds(2), time, cancellationToken);
            }
        }
    }

    private async Task ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ProbeTimeout);
            await store.PingAsync(timeout.Token);
            Volatile.Write(ref _probe, new StoreProbe(true, "reachable", time.GetUtcNow()));
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            Volatile.Write(ref _probe, new StoreProbe(false, $"unreachable: {error.Message}", time.GetUtcNow()));
        }
    }

    private async Task DeleteOldAlertsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var days = monitoring.CurrentValue.MetricsRetentionDays;
        try
        {
            var deleted = await store.DeleteClosedBeforeAsync(now.AddDays(-days), cancellationToken);
            if (deleted > 0)
            {
                log.RetentionDeleted(deleted, days);
            }
            await sessions.DeleteExpiredAsync(now, cancellationToken);
            await outbox.DeleteDoneBeforeAsync(now.AddDays(-days), cancellationToken);
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            // The store is away: the next hour tries again; the probe reports the outage.
            log.RetentionFailed(error);
        }
    }
}
