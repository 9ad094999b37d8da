using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Monitor.AlertEngine.Cluster;
using Monitor.Collector.Configuration;
using Monitor.Collector.Feeds;
using Monitor.Collector.Pipeline;
using Monitor.Collector.Pipeline.Model;
using Monitor.Web.Telemetry;

namespace Monitor.Web.Fleet;

/// <summary>
/// Every pipeline's latest snapshot, whichever replica receives its telemetry: each replica
/// publishes its own snapshots on the channel <see cref="Channel"/> and keeps the others'. The
/// hub, the API and the history read this fleet, so every replica shows the same pipelines. A
/// replica not heard from for <see cref="StaleAfter"/> (three snapshot intervals, at least 5 s) is
/// left out: its pipelines move to the replica their telemetry goes to next. Each replica admits
/// at most Collector:MaxPipelines, and so does the fleet: past it, other replicas' pipelines are
/// left out (this replica's own first), counted by monitor_fleet_pipelines_left_out.
/// </summary>
internal sealed class FleetSnapshots(IClusterBus bus, IPipelineFeed pipelines, IOptions<CollectorOptions> options, TimeProvider time,
    IMeterFactory meters, ILogger<FleetSnapshots> logger) : BackgroundService
{
    public const string Channel = "pipeline-monitor:snapshots";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly ConcurrentDictionary<string, (DateTimeOffset At, PipelineSnapshot[] Snapshots)> _others = new(StringComparer.Ordinal);
    private readonly Feed<IReadOnlyList<PipelineSnapshot>> _fleet = new();
    private FeedSubscription<IReadOnlyList<PipelineSnapshot>>? _local;
    private IDisposable? _remote;
    private IReadOnlyList<PipelineSnapshot> _latest = [];
    private int _leftOut;
    private ObservableGauge<int>? _leftOutGauge;

    public TimeSpan StaleAfter => TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(5).Ticks, options.Value.SnapshotInterval.Ticks * 3));

    /// <summary>The fleet at the last tick: this replica's pipelines and the others', one snapshot each, by name.</summary>
    public IReadOnlyList<PipelineSnapshot> Latest => Volatile.Read(ref _latest);

    /// <summary>The fleet at every tick of this replica, from now on (registered before it returns).</summary>
    public FeedSubscription<IReadOnlyList<PipelineSnapshot>> Subscribe() => _fleet.Subscribe(4);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _leftOutGauge ??= meters.Create(WebMeter.Name).CreateObservableGauge("monitor.fleet.pipelines_left_out", () => Volatile.Read(ref _leftOut), "{pipeline}",
            "Other replicas' pipelines left out of this replica's fleet at its last tick: the fleet is over Collector:MaxPipelines.");
        _local = pipelines.SubscribeSnapshots();
        _remote = bus.Subscribe(Channel, Receive);
        Volatile.Write(ref _latest, pipelines.LatestSnapshots);
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _remote?.Dispose();
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var local = _local!;
        try
        {
            await foreach (var snapshots in local.Reader.ReadAllAsync(stoppingToken))
            {
                if (bus.IsShared)
                {
                    bus.Publish(Channel, JsonSerializer.SerializeToUtf8Bytes(new Announcement(bus.NodeId, time.GetUtcNow(), [.. snapshots]), Json));
                }
                var fleet = Merge(snapshots);
                Volatile.Write(ref _latest, fleet);
                _fleet.Publish(fleet);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Local snapshots and the fresh ones of the other replicas; for a pipeline on two replicas, the newer.</summary>
    private IReadOnlyList<PipelineSnapshot> Merge(IReadOnlyList<PipelineSnapshot> local)
    {
        if (_others.IsEmpty)
        {
            Volatile.Write(ref _leftOut, 0);
            return local;
        }
        var now = time.GetUtcNow();
        var byJob = new Dictionary<string, PipelineSnapshot>(local.Count, StringComparer.Ordinal);
        foreach (var snapshot in local)
        {
            byJob[snapshot.Metrics.Job] = snapshot;
        }
        foreach (var (node, (at, snapshots)) in _others)
        {
            if (now - at > StaleAfter)
            {
                _others.TryRemove(node, out _);
                continue;
            }
            foreach (var snapshot in snapshots)
            {
                if (!byJob.TryGetValue(snapshot.Metrics.Job, out var known) || snapshot.Timestamp > known.Timestamp)
                {
                    byJob[snapshot.Metrics.Job] = snapshot;
                }
            }
        }
        var fleet = byJob.Values.OrderBy(s => s.Metrics.Job, StringComparer.Ordinal);
        var max = options.Value.MaxPipelines;
        var leftOut = Math.Max(0, byJob.Count - max);
        if (leftOut > 0 && Volatile.Read(ref _leftOut) == 0)
        {
            FleetLog.FleetOverMaxPipelines(logger, byJob.Count, max);
        }
        Volatile.Write(ref _leftOut, leftOut);
        if (leftOut == 0)
        {
            return [.. fleet];
        }
        // This replica's own pipelines stay (it admitted at most the cap); the others fill what is left, by name.
        var own = local.Select(s => s.Metrics.Job).ToHashSet(StringComparer.Ordinal);
        var kept = fleet.Where(s => own.Contains(s.Metrics.Job)).Concat(fleet.Where(s => !own.Contains(s.Metrics.Job)).Take(max - own.Count));
        return [.. kept.OrderBy(s => s.Metrics.Job, StringComparer.Ordinal)];
    }

    private void Receive(ReadOnlyMemory<byte> message)
    {
        try
        {
            var announcement = JsonSerializer.Deserialize<Announcement>(message.Span, Json);
            if (announcement is not null && announcement.Node != bus.NodeId)
            {
                _others[announcement.Node] = (time.GetUtcNow(), announcement.Snapshots);
            }
        }
        catch (JsonException error)
        {
            FleetLog.FleetMessageUnreadable(logger, error);
        }
    }

    private sealed record Announcement(string Node, DateTimeOffset At, PipelineSnapshot[] Snapshots);
}
