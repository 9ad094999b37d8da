using Monitor.Collector.Feeds;
using Monitor.Collector.Pipeline.Model;

namespace Monitor.Collector.Pipeline;

/// <summary>
/// What the collector publishes in process, for the alert engine and the web host: the pipeline
/// spans as they arrive and a snapshot of every pipeline each <c>Collector:SnapshotInterval</c>.
/// </summary>
public interface IPipelineFeed
{
    /// <summary>The latest snapshot of every pipeline seen within the series TTL.</summary>
    IReadOnlyList<PipelineSnapshot> LatestSnapshots { get; }

    /// <summary>
    /// Snapshots from now on. The subscription is registered before it is returned, so reading
    /// <see cref="LatestSnapshots"/> after subscribing misses nothing. A reader that falls
    /// behind loses the oldest sets (only the latest matters), counted in Dropped.
    /// </summary>
    FeedSubscription<IReadOnlyList<PipelineSnapshot>> SubscribeSnapshots();

    /// <summary>
    /// Pipeline spans from now on, in the batches they arrived in. A reader that falls behind
    /// by more than <paramref name="capacity"/> batches loses the oldest, counted in Dropped and logged.
    /// </summary>
    FeedSubscription<PipelineSpanBatch> SubscribeSpans(int capacity = 1024);

    /// <summary>A snapshot of <paramref name="job"/> computed now (for rules evaluated as spans arrive); null if unknown.</summary>
    PipelineSnapshot? SnapshotOf(string job);
}
