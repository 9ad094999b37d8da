using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Monitor.AlertEngine.Configuration;
using Monitor.AlertEngine.Health;
using Monitor.AlertEngine.OpenAlerts;
using Monitor.Collector.Configuration;
using Monitor.Collector.Feeds;
using Monitor.Collector.Pipeline.Model;
using Monitor.Web.Fleet;

namespace Monitor.Web.Realtime;

/// <summary>
/// The seed's Event Emitter: pushes snapshots (of every replica's pipelines), alert changes (stored
/// ones, whichever replica stored them) and health to this replica's clients. A snapshot tick sends
/// the fleet summary, when it changed, to the fleet's group (every client but those that left it); a
/// pipeline's full metrics and status go to its group (the clients watching it), about once a second
/// even when the tick is faster. Sends are not awaited one after the other: SignalR starts the write to
/// each connection at once, so a client that stops reading holds up only its own queue, never the next
/// broadcast to the others.
/// </summary>
internal sealed class MonitoringBroadcaster(
    IHubContext<MonitoringHub> hub,
    FleetSnapshots fleet,
    IAlertFeed alerts,
    IHealthFeed health,
    MonitorState state,
    IOptionsMonitor<MonitoringOptions> options,
    IOptions<CollectorOptions> collector,
    ILogger<MonitoringBroadcaster> logger) : BackgroundService
{
    private static readonly TimeSpan GroupPushInterval = TimeSpan.FromSeconds(1);

    private FeedSubscription<IReadOnlyList<PipelineSnapshot>>? _snapshots;
    private FeedSubscription<IReadOnlyList<AlertEngine.Model.PerformanceAlert>>? _changes;
    private FeedSubscription<HealthStatus>? _checks;
    private long _lastGroupPush;
    private PipelineSummary[] _lastFleet = [];

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
                    SendSnapshots(s);
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

    private void SendSnapshots(IReadOnlyList<PipelineSnapshot> snapshots)
    {
        // The summary goes when it changed: a message costs each of thousands of connections a
        // write and a send, and a quiet fleet's summary is the one the clients already have.
        var fleetSummary = MonitorState.FleetOf(snapshots);
        if (!fleetSummary.AsSpan().SequenceEqual(_lastFleet))
        {
            _lastFleet = fleetSummary;
            Send(hub.Clients.Group(HubGroups.Fleet), HubEvents.Fleet, fleetSummary);
        }
        // A fast tick (Collector:SnapshotInterval under 1 s) refreshes the fleet summary; a watched
        // pipeline's full figures go about once a second. Half a tick of slack keeps a 1 s tick
        // that fires a little early from skipping every other push.
        var now = TimeProvider.System.GetTimestamp();
        var tick = collector.Value.SnapshotInterval;
        if (_lastGroupPush != 0 && TimeProvider.System.GetElapsedTime(_lastGroupPush, now) < GroupPushInterval - tick / 2)
        {
            return;
        }
        _lastGroupPush = now;
        var health = state.Health;
        foreach (var snapshot in snapshots)
        {
            var group = hub.Clients.Group(HubGroups.Pipeline(snapshot.Metrics.Job));
            Send(group, HubEvents.Metrics, new[] { PipelineMetricsView.Of(snapshot.Metrics, health) });
            Send(group, HubEvents.Status, new[] { snapshot.Status });
        }
    }

    private void Send(string @event, object payload) => Send(hub.Clients.All, @event, payload);

    private void Send(IClientProxy clients, string @event, object payload)
    {
        var sending = clients.SendAsync(@event, payload);
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
