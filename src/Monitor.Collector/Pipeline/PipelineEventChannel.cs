using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Monitor.Collector.Configuration;

namespace Monitor.Collector.Pipeline;

/// <summary>
/// The seed's Event Manager: decoded pipeline spans on a bounded channel between the receivers
/// and the <see cref="PerformanceTracker"/>. Writers never wait: a full queue is an overload the
/// receivers report to the exporter (503 / UNAVAILABLE), so memory stays bounded.
/// </summary>
internal sealed class PipelineEventChannel(IOptions<CollectorOptions> options) : IIngestionBacklog
{
    private readonly Channel<PipelineSpanBatch> _channel = Channel.CreateBounded<PipelineSpanBatch>(
        new BoundedChannelOptions(options.Value.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });

    public ChannelReader<PipelineSpanBatch> Reader => _channel.Reader;

    /// <summary>Batches waiting (for the ingestion lag health check and the monitor's own metrics).</summary>
    public int Pending => _channel.Reader.Count;

    public int Capacity { get; } = options.Value.QueueCapacity;

    public bool TryPublish(PipelineSpanBatch batch) => _channel.Writer.TryWrite(batch);
}
