using System.Collections.Concurrent;
using Monitor.Collector.Feeds;
using Monitor.Collector.Pipeline.Model;
using Monitor.Web.Fleet;

namespace Monitor.Web.Api;

/// <summary>
/// The last <see cref="Retention"/> of each pipeline's charted figures (every replica's pipelines), in memory, so that a
/// reloaded page draws its charts at once (GET /api/metrics/history). One compact point per
/// pipeline per second at most, in a ring per pipeline: 900 points × Collector:MaxPipelines is
/// the bound, whatever the snapshot interval.
/// </summary>
internal sealed class MetricsHistory(FleetSnapshots fleet) : BackgroundService
{
    public static readonly TimeSpan Retention = TimeSpan.FromMinutes(15);

    private static readonly TimeSpan Resolution = TimeSpan.FromSeconds(1);
    private static readonly int Capacity = (int)(Retention / Resolution);

    private readonly ConcurrentDictionary<string, Ring> _rings = new(StringComparer.Ordinal);
    private FeedSubscription<IReadOnlyList<PipelineSnapshot>>? _subscription;

    /// <summary>Pipelines with history, in name order.</summary>
    public IReadOnlyList<string> Jobs => [.. _rings.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The points of <paramref name="job"/> since <paramref name="since"/>, oldest first.</summary>
    public IReadOnlyList<MetricsPoint> Of(string job, DateTimeOffset since) =>
        _rings.TryGetValue(job, out var ring) ? ring.Since(since) : [];

    /// <summary>Subscribes before Kestrel starts (ExecuteAsync runs on the thread pool since .NET 10).</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = fleet.Subscribe();
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = _subscription!;
        try
        {
            await foreach (var snapshots in subscription.Reader.ReadAllAsync(stoppingToken))
            {
                Add(snapshots);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    internal void Add(IReadOnlyList<PipelineSnapshot> snapshots)
    {
        foreach (var snapshot in snapshots)
        {
            _rings.GetOrAdd(snapshot.Metrics.Job, static _ => new Ring(Capacity)).Add(MetricsPoint.Of(snapshot), Resolution);
        }
        // A pipeline the collector forgot keeps its points until they are all past the retention.
        var oldest = snapshots.Count > 0 ? snapshots[0].Timestamp - Retention : DateTimeOffset.UtcNow - Retention;
        foreach (var (job, ring) in _rings)
        {
            if (ring.Last < oldest)
            {
                _rings.TryRemove(job, out _);
            }
        }
    }

    /// <summary>A fixed ring of points, newest overwriting oldest.</summary>
    private sealed class Ring(int capacity)
    {
        private readonly Lock _lock = new();
        private readonly MetricsPoint[] _points = new MetricsPoint[capacity];
        private int _next;
        private int _count;

        public DateTimeOffset Last { get; private set; }

        public void Add(MetricsPoint point, TimeSpan resolution)
        {
            lock (_lock)
            {
                if (_count > 0 && point.Timestamp - Last < resolution)
                {
                    return;
                }
                _points[_next] = point;
                _next = (_next + 1) % _points.Length;
                _count = Math.Min(_count + 1, _points.Length);
                Last = point.Timestamp;
            }
        }

        public List<MetricsPoint> Since(DateTimeOffset since)
        {
            lock (_lock)
            {
                var result = new List<MetricsPoint>(_count);
                for (var i = 0; i < _count; i++)
                {
                    var point = _points[(_next - _count + i + _points.Length) % _points.Length];
                    if (point.Timestamp >= since)
                    {
                        result.Add(point);
                    }
                }
                return result;
            }
        }
    }
}

/// <summary>The figures a pipeline's charts draw, at one moment (times in milliseconds, rates in [0, 1]).</summary>
internal readonly record struct MetricsPoint(
    DateTimeOffset Timestamp,
    double ErrorRate,
    double SuccessRate,
    double AverageProcessingTime,
    long SampleCount,
    long ActiveModules,
    long QueuedModules)
{
    public static MetricsPoint Of(PipelineSnapshot snapshot) => new(
        snapshot.Timestamp,
        snapshot.Metrics.ErrorRate,
        snapshot.Metrics.SuccessRate,
        snapshot.Metrics.AverageProcessingTime,
        snapshot.Metrics.SampleCount,
        snapshot.Status.ActiveModules,
        snapshot.Status.QueuedModules);
}

/// <summary>One pipeline's history.</summary>
internal sealed record PipelineHistory(string Job, IReadOnlyList<MetricsPoint> Points);
