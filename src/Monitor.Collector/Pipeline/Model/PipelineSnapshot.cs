namespace Monitor.Collector.Pipeline.Model;

/// <summary>One pipeline's metrics and status at <see cref="Timestamp"/>, published every snapshot interval.</summary>
public sealed record PipelineSnapshot(DateTimeOffset Timestamp, PipelineMetrics Metrics, PipelineStatus Status);
