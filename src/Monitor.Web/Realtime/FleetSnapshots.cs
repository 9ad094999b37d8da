using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Monitor.AlertEngine.Cluster;
using Monitor.Collector.Configuration;
using Monitor.Collector.Pipeline;
using Monitor.Collector.Pipeline.Model;

namespace Monitor.Web.Realtime;

/// <summary>
/// Every pipeline's latest snapshot, whichever replica receives its telemetry: each replica
/// publishes its own snapshots on the channel <see cref="Channel"/> and keeps the others'. The
/// hub, the API and the history read this fleet, so every replica shows the same pipelines. A
/// replica not heard from for <see cref="StaleAfter"/> (three snapshot intervals, at least 5 s) is
/// left out: its pipelines move to the replica their telemetry goes to next.
/// </summary>
internal sealed class FleetSnapshots(IClusterBus bus, IPipelineFeed pipelines, IOptions<CollectorOptions> options, TimeProvider time,
    ILogger<FleetSnapshots> logger) : BackgroundService
{
    public const string Channel = "pipeline-monitor:snapshots";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly ConcurrentDictionary<string, (DateTimeOffset At, PipelineSnapshot[] Snapshots)> _others = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private FeedSubscription<IReadOnlyList<PipelineSnapshot>>[] _subscribers = [];
    private FeedSubscription<IReadOnlyList<PipelineSnapshot>>? _local;
    private IDisposable? _remote;
    private IReadOnlyList<PipelineSnapshot> _latest = [];

    public TimeSpan StaleAfter => TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(5).Ticks, options.Value.SnapshotInterval.Ticks * 3));

    /// <summary>The fleet at the last tick: this replica's pipelines and the others', one snapshot each, by name.</summary>
    public IReadOnlyList<PipelineSnapshot> Latest => Volatile.Read(ref _latest);

    /// <summary>The fleet at every tick of this replica, from now on (registered before it returns).</summary>
    public FeedSubscription<IReadOnlyList<PipelineSnapshot>> Subscribe()
    {
        var subscription = new FeedSubscription<IReadOnlyList<PipelineSnapshot>>(4, s =>
        {
            lock (_lock)
            {
                _subscribers = [.. _subscribers.Where(x => x != s)];
            }
        });
        lock (_lock)
        {
            _subscribers = [.. _subscribers, subscription];
        }
        return subscription;
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
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
                foreach (var subscriber in Volatile.Read(ref _subscribers))
                {
                    subscriber.Publish(fleet);
                }
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
        return [.. byJob.Values.OrderBy(s => s.Metrics.Job, StringComparer.Ordinal)];
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
            WebLog.FleetMessageUnreadable(logger, error);
        }
    }

    private sealed record Announcement(string Node, DateTimeOffset At, PipelineSnapshot[] Snapshots);
}
