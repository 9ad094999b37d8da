using Monitor.Collector.Pipeline;
using Monitor.Collector.Pipeline.Model;

namespace Monitor.Web.Api;

/// <summary>
/// The last <see cref="Retention"/> of snapshots, in memory, so that a reloaded page can draw its
/// charts at once (GET /api/metrics/history). One entry per snapshot tick.
/// </summary>
internal sealed class MetricsHistory(IPipelineFeed pipelines) : BackgroundService
{
    public static readonly TimeSpan Retention = TimeSpan.FromMinutes(15);

    private readonly Lock _lock = new();
    private readonly Queue<(DateTimeOffset At, IReadOnlyList<PipelineSnapshot> Snapshots)> _entries = new();

    public IReadOnlyList<PipelineSnapshot> Since(DateTimeOffset since)
    {
        lock (_lock)
        {
            return [.. _entries.Where(e => e.At >= since).SelectMany(e => e.Snapshots)];
        }
    }

    private FeedSubscription<IReadOnlyList<PipelineSnapshot>>? _subscription;

    /// <summary>Subscribes before Kestrel starts (ExecuteAsync runs on the thread pool since .NET 10).</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = pipelines.SubscribeSnapshots();
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = _subscription!;
        try
        {
            await foreach (var snapshots in subscription.Reader.ReadAllAsync(stoppingToken))
            {
                var at = snapshots.Count > 0 ? snapshots[0].Timestamp : DateTimeOffset.UtcNow;
                lock (_lock)
                {
                    _entries.Enqueue((at, snapshots));
                    while (_entries.TryPeek(out var oldest) && at - oldest.At > Retention)
                    {
                        _entries.Dequeue();
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
