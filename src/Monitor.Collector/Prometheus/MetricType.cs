namespace Monitor.Collector.Prometheus;

/// <summary>The Prometheus metric types the text exposition format knows.</summary>
internal enum MetricType
{
    Counter,
    Gauge,
    Histogram,
    Summary,
}
