namespace Monitor.Collector.Configuration;

/// <summary>Aggregation and exposition settings, bound from the <c>Collector</c> section.</summary>
public sealed class CollectorOptions
{
    public const string SectionName = "Collector";

    /// <summary>Sliding window of the per-pipeline snapshots (rates and averages).</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often a snapshot of every pipeline is published.</summary>
    public TimeSpan SnapshotInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A series not updated for this long leaves /metrics. Five minutes is Prometheus' own
    /// staleness look-back and the OpenTelemetry Collector exporter's metric_expiration default.
    /// </summary>
    public TimeSpan SeriesTtl { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Cardinality cap over every exposed series; past it new series are dropped.</summary>
    public int MaxSeries { get; set; } = 100_000;

    /// <summary>
    /// Decoded span batches waiting for the aggregator. With OTLP's default batch of 512 spans,
    /// 1024 batches is about half a million spans; past it exporters are told to retry later.
    /// </summary>
    public int QueueCapacity { get; set; } = 1024;
}
