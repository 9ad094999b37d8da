using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Monitor.Collector.Configuration;
using Monitor.Collector.Pipeline.Model;
using Monitor.Collector.Prometheus;
using Monitor.Collector.Telemetry;

namespace Monitor.Collector.Pipeline;

/// <summary>
/// The seed's Metrics Collector / Performance Tracker: drains the event channel into each
/// pipeline's sliding window, hands every batch to the span subscribers as it arrives, and
/// publishes a snapshot of every pipeline each snapshot interval.
/// </summary>
internal sealed class PerformanceTracker(
    PipelineEventChannel events,
    PipelineSeries series,
    MetricRegistry registry,
    IOptions<CollectorOptions> options,
    TimeProvider time,
    CollectorLog log) : BackgroundService, IPipelineFeed
{
    private readonly ConcurrentDictionary<string, PipelineWindow> _windows = new(StringComparer.Ordinal);
    private readonly Lock _subscribersLock = new();
    private FeedSubscription<PipelineSpanBatch>[] _spanSubscribers = [];
    private FeedSubscription<IReadOnlyList<PipelineSnapshot>>[] _snapshotSubscribers = [];
    private IReadOnlyList<PipelineSnapshot> _latest = [];

    public IReadOnlyList<PipelineSnapshot> LatestSnapshots => Volatile.Read(ref _latest);

    public FeedSubscription<IReadOnlyList<PipelineSnapshot>> SubscribeSnapshots()
    {
        var subscription = new FeedSubscription<IReadOnlyList<PipelineSnapshot>>(4, Unsubscribe);
        lock (_subscribersLock)
        {
            _snapshotSubscribers = [.. _snapshotSubscribers, subscription];
        }
        return subscription;
    }

    public FeedSubscription<PipelineSpanBatch> SubscribeSpans(int capacity = 1024)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        var subscription = new FeedSubscription<PipelineSpanBatch>(capacity, Unsubscribe);
        lock (_subscribersLock)
        {
            _spanSubscribers = [.. _spanSubscribers, subscription];
        }
        return subscription;
    }

    /// <summary>Notes activity of a pipeline that sent metrics (its status shows it running).</summary>
    public void MarkActive(string job)
    {
        var window = Window(job);
        lock (window.Sync)
        {
            window.MarkActive(time.GetUtcNow());
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(ConsumeAsync(stoppingToken), PublishSnapshotsAsync(stoppingToken));

    private async Task ConsumeAsync(CancellationToken cancellationToken)
    {
        var reader = events.Reader;
        try
        {
            while (await reader.WaitToReadAsync(cancellationToken))
            {
                while (reader.TryRead(out var batch))
                {
                    Aggregate(batch);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Adds a batch to the windows and hands it to the span subscribers.</summary>
    internal void Aggregate(PipelineSpanBatch batch)
    {
        // Windows first: window rules evaluated on this batch read them.
        try
        {
            var now = time.GetUtcNow();
            PipelineWindow? window = null;
            foreach (ref readonly var span in batch.Spans.AsSpan())
            {
                if (window is null || !string.Equals(window.Job, span.Job, StringComparison.Ordinal))
                {
                    window = Window(span.Job);
                }
                lock (window.Sync)
                {
                    window.Record(span, now);
                }
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            log.AggregationFailed(exception);
        }
        // Subscribers (alerting) get the batch even if a window could not take it.
        foreach (var subscriber in Volatile.Read(ref _spanSubscribers))
        {
            var dropped = subscriber.Dropped;
            subscriber.Publish(batch);
            // One log line per hundred drops: a reader that fell behind would otherwise log every batch.
            if (subscriber.Dropped != dropped && subscriber.Dropped % 100 == 1)
            {
                log.SpanSubscriberBehind(subscriber.Dropped);
            }
        }
    }

    private async Task PublishSnapshotsAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.Value.SnapshotInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    PublishSnapshots();
                    var expired = registry.RemoveExpired(options.Value.SeriesTtl);
                    if (expired > 0)
                    {
                        log.SeriesExpired(expired, options.Value.SeriesTtl);
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    log.SnapshotFailed(exception);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Builds, stores and publishes a snapshot of every pipeline seen within the series TTL.</summary>
    internal IReadOnlyList<PipelineSnapshot> PublishSnapshots()
    {
        var now = time.GetUtcNow();
        var window = options.Value.Window;
        var snapshots = new List<PipelineSnapshot>(_windows.Count);
        foreach (var (job, pipeline) in _windows)
        {
            lock (pipeline.Sync)
            {
                if (pipeline.LastActivity is { } last && now - last > PipelineTtl(options.Value))
                {
                    _windows.TryRemove(job, out _);
                    continue;
                }
                var (metrics, status) = pipeline.Snapshot(now, window, series);
                snapshots.Add(new PipelineSnapshot(now, metrics, status));
            }
        }
        snapshots.Sort(static (a, b) => string.CompareOrdinal(a.Metrics.Job, b.Metrics.Job));
        Volatile.Write(ref _latest, snapshots);
        foreach (var subscriber in Volatile.Read(ref _snapshotSubscribers))
        {
            subscriber.Publish(snapshots);
        }
        return snapshots;
    }

    public PipelineSnapshot? SnapshotOf(string job)
    {
        if (!_windows.TryGetValue(job, out var pipeline))
        {
            return null;
        }
        var now = time.GetUtcNow();
        lock (pipeline.Sync)
        {
            var (metrics, status) = pipeline.Snapshot(now, options.Value.Window, series);
            return new PipelineSnapshot(now, metrics, status);
        }
    }

    /// <summary>
    /// A silent pipeline keeps its snapshot for at least an hour (longer than its series), so that
    /// the inactivity rule can see it go quiet.
    /// </summary>
    internal static TimeSpan PipelineTtl(CollectorOptions options) =>
        options.SeriesTtl > TimeSpan.FromHours(1) ? options.SeriesTtl : TimeSpan.FromHours(1);

    private PipelineWindow Window(string job) =>
        _windows.GetOrAdd(job, static (name, length) => new PipelineWindow(name, length), options.Value.Window);

    private void Unsubscribe(FeedSubscription<PipelineSpanBatch> subscription)
    {
        lock (_subscribersLock)
        {
            _spanSubscribers = [.. _spanSubscribers.Where(s => s != subscription)];
        }
    }

    private void Unsubscribe(FeedSubscription<IReadOnlyList<PipelineSnapshot>> subscription)
    {
        lock (_subscribersLock)
        {
            _snapshotSubscribers = [.. _snapshotSubscribers.Where(s => s != subscription)];
        }
    }
}
