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

    /// <summary>
    /// Cardinality cap on /metrics, counted as it is written: every sample line is one (a histogram
    /// with 15 buckets is 18: its buckets, +Inf, _sum and _count, as Prometheus counts series) and
    /// every metric family one more. Past it new series and families are refused and counted.
    /// </summary>
    public int MaxSeries { get; set; } = 250_000;

    /// <summary>
    /// Distinct pipelines (<c>service.name</c>, with its namespace) tracked at once. A pipeline is
    /// admitted by its first pipeline span or pipeline gauge; past the cap a new one's data is
    /// refused as a partial success (monitor_otlp_rejected_total{reason="pipelines"}) until an
    /// old one has been silent for an hour and is forgotten.
    /// </summary>
    public int MaxPipelines { get; set; } = 1_000;

    /// <summary>
    /// Longest string the monitor keeps from telemetry, in characters: service name and instance,
    /// module and resource ids, resource type, model, every label name and value. A longer one is
    /// cut and ends in "…" (counted in monitor_otlp_truncated_total{field}). 256 fits every id
    /// and name a pipeline sends, and the alert store's columns.
    /// </summary>
    public int MaxAttributeValueLength { get; set; } = 256;

    /// <summary>
    /// Distinct resource types kept per pipeline (in its snapshot and its derived series); the
    /// ones past it are counted together as <c>_other</c>. Models (gen_ai.request.model) likewise.
    /// </summary>
    public int MaxResourceTypesPerPipeline { get; set; } = 100;

    /// <summary>
    /// Decoded span batches waiting for the aggregator. With OTLP's default batch of 512 spans,
    /// 1024 batches is about half a million spans; past it exporters are told to retry later.
    /// </summary>
    public int QueueCapacity { get; set; } = 1024;
}
