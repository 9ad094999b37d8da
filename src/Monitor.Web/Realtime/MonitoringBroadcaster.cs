using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Monitor.AlertEngine.Configuration;
using Monitor.AlertEngine.Health;
using Monitor.AlertEngine.Lifecycle;
using Monitor.Collector.Feeds;
using Monitor.Web.Fleet;

namespace Monitor.Web.Realtime;

/// <summary>
/// The seed's Event Emitter: pushes snapshots (of every replica's pipelines), alert changes (stored
/// ones, whichever replica stored them) and health to this replica's clients. Sends are
/// not awaited one after the other: SignalR starts the write to each connection at once, so a client
/// that stops reading holds up only its own queue, never the next broadcast to the others.
/// </summary>
internal sealed class MonitoringBroadcaster(
    IHubContext<MonitoringHub> hub,
    FleetSnapshots fleet,
    IAlertFeed alerts,
    IHealthFeed health,
    MonitorState state,
    IOptionsMonitor<MonitoringOptions> options,
    ILogger<MonitoringBroadcaster> logger) : BackgroundService
{
    private FeedSubscription<IReadOnlyList<Collector.Pipeline.Model.PipelineSnapshot>>? _snapshots;
    private FeedSubscription<IReadOnlyList<AlertEngine.Model.PerformanceAlert>>? _changes;
    private FeedSubscription<HealthStatus>? _checks;

    /// <summary>Subscribes before Kestrel starts (ExecuteAsync runs on the thread pool since .NET 10).</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _snapshots = fleet.Subscribe();
        _changes = alerts.SubscribeChanges();
        _checks = health.Subscribe();
        return base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var snapshots = _snapshots!;
        var changes = _changes!;
        var checks = _checks!;
        return Task.WhenAll(
            PumpAsync(snapshots, s =>
            {
                // Monitoring:EnableMetrics off: no metric pushes (the API and /metrics still answer).
                if (options.CurrentValue.EnableMetrics)
                {
                    Send(HubEvents.Metrics, state.MetricsOf(s));
                    Send(HubEvents.Status, MonitorState.StatusOf(s));
                }
            }, stoppingToken),
            PumpAsync(changes, c => Send(HubEvents.Alerts, c.ToArray()), stoppingToken),
            PumpAsync(checks, h => Send(HubEvents.Health, h), stoppingToken));
    }

    private static async Task PumpAsync<T>(FeedSubscription<T> subscription, Action<T> send, CancellationToken cancellationToken)
    {
        using var _ = subscription;
        try
        {
            await foreach (var item in subscription.Reader.ReadAllAsync(cancellationToken))
            {
                send(item);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private void Send(string @event, object payload)
    {
        var sending = hub.Clients.All.SendAsync(@event, payload);
        if (!sending.IsCompleted)
        {
            _ = sending.ContinueWith(t => RealtimeLog.BroadcastFailed(logger, t.Exception!, @event), CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
        else if (sending.IsFaulted)
        {
            RealtimeLog.BroadcastFailed(logger, sending.Exception!, @event);
        }
    }
}
