using OpenTelemetry.Metrics;

namespace Monitor.Collector.Prometheus;

/// <summary>Holds the SDK reader so a scrape can ask it for a fresh collection.</summary>
internal sealed class SdkMetricsCollector
{
    public MetricReader? Reader { get; set; }

    public void Collect() => Reader?.Collect(timeoutMilliseconds: 1000);
}
