using Monitor.Collector.Protocol.Metrics;

namespace Monitor.Collector.Ingestion;

/// <summary>
/// What an OTLP histogram point must be for its exposition to be a histogram (OTLP metrics data
/// model: bounds strictly increasing, bucket counts adding up to the count): a point that is not
/// is refused, never written with buckets that fall, +Inf apart from _count, or a negative count.
/// </summary>
internal static class HistogramPoints
{
    /// <summary>Why the point cannot be exposed, or null when it can (bucket_counts' length is checked before).</summary>
    public static string? Inconsistency(HistogramDataPoint point)
    {
        var bounds = point.ExplicitBounds;
        for (var i = 0; i < bounds.Count; i++)
        {
            if (!double.IsFinite(bounds[i]))
            {
                // +Inf is the last bucket already; a bound of it would be that bucket twice.
                return "explicit_bounds must be finite";
            }
            if (i > 0 && !(bounds[i] > bounds[i - 1]))
            {
                return "explicit_bounds must be strictly increasing";
            }
        }
        if (point.Count > long.MaxValue)
        {
            return $"count {point.Count} is past {long.MaxValue}, more than an exposition can hold";
        }
        if (point.BucketCounts.Count == 0)
        {
            return null;
        }
        ulong total = 0;
        foreach (var count in point.BucketCounts)
        {
            if (count > ulong.MaxValue - total)
            {
                return "bucket counts add up to more than a count can hold";
            }
            total += count;
        }
        return total == point.Count ? null : $"bucket counts add up to {total}, not to count {point.Count}";
    }
}
