using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Monitor.Collector.Configuration;
using Monitor.Collector.Feeds;
using Monitor.Collector.Pipeline.Model;
using Monitor.Collector.Prometheus;
using Monitor.Collector.Telemetry;

namespace Monitor.Collector.Pipeline;

/// <summary>
/// The seed's Metrics Collector / Performance Tracker: the pipelines known (admitted up to
/// <c>Collector:MaxPipelines</c>, forgotten after an hour of silence unless an
/// <see cref="IPipelineRetention"/> keeps them), drains the event channel
/// into each pipeline's sliding window, hands every batch to the span subscribers as it arrives,
/// and publishes a snapshot of every pipeline each snapshot interval.
/// </summary>
internal sealed class PerformanceTracker(
    PipelineEventChannel events,
    PipelineSeries series,
    MetricRegistry registry,
    IOptions<CollectorOptions> options,
    TimeProvider time,
    CollectorLog log,
    IEnumerable<IPipelineRetention> retention) : BackgroundService, IPipelineFeed
{
    private readonly ConcurrentDictionary<string, TrackedPipeline> _pipelines = new(StringComparer.Ordinal);
    private int _admitted;
    // One log line per hundred drops: a reader that fell behind would otherwise log every batch.
    private readonly Feed<PipelineSpanBatch> _spans = new(dropped =>
    {
        if (dropped % 100 == 1)
        {
            log.SpanSubscriberBehind(dropped);
        }
    });
    private readonly Feed<IReadOnlyList<PipelineSnapshot>> _snapshots = new();
    private IReadOnlyList<PipelineSnapshot> _latest = [];

    public IReadOnlyList<PipelineSnapshot> LatestSnapshots => Volatile.Read(ref _latest);

    public FeedSubscription<IReadOnlyList<PipelineSnapshot>> SubscribeSnapshots() => _snapshots.Subscribe(4);

    public FeedSubscription<PipelineSpanBatch> SubscribeSpans(int capacity = 1024) => _spans.Subscribe(capacity);

    /// <summary>Pipelines tracked now (at most <c>Collector:MaxPipelines</c>).</summary>
    public int PipelineCount => Volatile.Read(ref _admitted);

    /// <summary>
    /// The pipeline <paramref name="job"/>, admitted now if it is new and the cap allows;
    /// null when the cap is reached (the caller refuses its data as a partial success).
    /// </summary>
    public TrackedPipeline? Admit(string job)
    {
        if (_pipelines.TryGetValue(job, out var known))
        {
            return known;
        }
        if (Interlocked.Increment(ref _admitted) > options.Value.MaxPipelines)
        {
            Interlocked.Decrement(ref _admitted);
            return null;
        }
        var created = new TrackedPipeline(job, options.Value.Window, options.Value.MaxResourceTypesPerPipeline);
        var stored = _pipelines.GetOrAdd(job, created);
        if (!ReferenceEquals(stored, created))
        {
            Interlocked.Decrement(ref _admitted);
        }
        return stored;
    }

    /// <summary>Notes activity of a known pipeline that sent metrics (its status shows it running); other services are not pipelines.</summary>
    public void MarkActive(string job)
    {
        if (_pipelines.TryGetValue(job, out var pipeline))
        {
            lock (pipeline.Window.Sync)
            {
                pipeline.Window.MarkActive(time.GetUtcNow());
            }
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
                    // Admitted when the span was received; forgotten since only after an hour of silence.
                    window = Admit(span.Job)?.Window;
                    if (window is null)
                    {
                        continue;
                    }
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
        _spans.Publish(batch);
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
        var snapshots = new List<PipelineSnapshot>(PipelineCount);
        IReadOnlySet<string>? kept = null;
        foreach (var (job, pipeline) in _pipelines)
        {
            lock (pipeline.Window.Sync)
            {
                if (pipeline.Window.LastActivity is { } last && now - last > PipelineTtl(options.Value)
                    && !(kept ??= KeptJobs()).Contains(job))
                {
                    if (_pipelines.TryRemove(new KeyValuePair<string, TrackedPipeline>(job, pipeline)))
                    {
                        Interlocked.Decrement(ref _admitted);
                        series.Forget(job);
                    }
                    continue;
                }
                var (metrics, status) = pipeline.Window.Snapshot(now, window, series);
                snapshots.Add(new PipelineSnapshot(now, metrics, status));
                if (status.LastActivity is { } activity)
                {
                    series.LastActivity(job, activity);
                }
            }
        }
        snapshots.Sort(static (a, b) => string.CompareOrdinal(a.Metrics.Job, b.Metrics.Job));
        Volatile.Write(ref _latest, snapshots);
        _snapshots.Publish(snapshots);
        return snapshots;
    }

    private HashSet<string> KeptJobs()
    {
        var kept = new HashSet<string>(StringComparer.Ordinal);
        foreach (var source in retention)
        {
            kept.UnionWith(source.KeptJobs());
        }
        return kept;
    }

    public PipelineSnapshot? SnapshotOf(string job)
    {
        if (!_pipelines.TryGetValue(job, out var pipeline))
        {
            return null;
        }
        var now = time.GetUtcNow();
        lock (pipeline.Window.Sync)
        {
            var (metrics, status) = pipeline.Window.Snapshot(now, options.Value.Window, series);
            return new PipelineSnapshot(now, metrics, status);
        }
    }

    /// <summary>
    /// A silent pipeline keeps its snapshot for at least an hour (longer than its series), so that
    /// the inactivity rule can see it go quiet.
    /// </summary>
    internal static TimeSpan PipelineTtl(CollectorOptions options) =>
        options.SeriesTtl > TimeSpan.FromHours(1) ? options.SeriesTtl : TimeSpan.FromHours(1);
}
