namespace Monitor.Collector.Prometheus;

/// <summary>Upper bounds of a histogram family, with their <c>le</c> bytes encoded once.</summary>
internal sealed class HistogramBuckets
{
    public HistogramBuckets(double[] bounds)
    {
        Bounds = bounds;
        EncodedBounds = [.. bounds.Select(PrometheusText.EncodeBound)];
    }

    public double[] Bounds { get; }

    public byte[][] EncodedBounds { get; }

    /// <summary>Index of the bucket holding <paramref name="value"/> (upper bounds are inclusive).</summary>
    public int IndexOf(double value)
    {
        var index = Array.BinarySearch(Bounds, value);
        return index >= 0 ? index : ~index;
    }
}
