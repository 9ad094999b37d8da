namespace Monitor.Collector.Pipeline;

/// <summary>How full the ingestion queue is, for health checks.</summary>
public interface IIngestionBacklog
{
    /// <summary>Span batches waiting for the aggregator.</summary>
    int Pending { get; }

    /// <summary><c>Collector:QueueCapacity</c>.</summary>
    int Capacity { get; }
}
