namespace Monitor.Collector.Prometheus;

/// <summary>A histogram's cumulative bucket counts at one moment.</summary>
public sealed record HistogramSample(double[] Bounds, double[] CumulativeCounts, double Sum, double Count);
