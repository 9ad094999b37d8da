using Monitor.Collector.Prometheus;

namespace Monitor.Collector.Pipeline;

/// <summary>
/// Per-stage counts of span durations in the buckets of <c>pipeline_stage_duration_seconds</c>
/// (<see cref="PipelineSeries.DurationBuckets"/>), kept per second of the window so that the
/// window's p95 per stage can be estimated the way PromQL's <c>histogram_quantile</c> does.
/// </summary>
internal static class StageDurations
{
    private static readonly HistogramBuckets Buckets = PipelineSeries.DurationBuckets;

    /// <summary>Buckets per stage: each bound, and +Inf.</summary>
    public static readonly int PerStage = Buckets.Bounds.Length + 1;

    /// <summary>Counts for all four stages, stage after stage.</summary>
    public static readonly int Length = PerStage * 4;

    public static int Offset(PipelineStage stage) => (int)stage * PerStage;

    public static int IndexOf(PipelineStage stage, double seconds) => Offset(stage) + Buckets.IndexOf(seconds);

    /// <summary>
    /// The <paramref name="q"/> quantile of one stage's counts: linear within the bucket that holds
    /// it (from 0 for the first), as <c>histogram_quantile</c>; never above the largest duration
    /// seen (<paramref name="max"/>), which also answers for the +Inf bucket. 0 without spans.
    /// </summary>
    public static double Quantile(double q, ReadOnlySpan<int> counts, double max)
    {
        long total = 0;
        foreach (var count in counts)
        {
            total += count;
        }
        if (total == 0)
        {
            return 0;
        }
        var rank = q * total;
        long below = 0;
        var bounds = Buckets.Bounds;
        for (var i = 0; i < counts.Length; i++)
        {
            if (below + counts[i] >= rank && counts[i] > 0)
            {
                if (i == bounds.Length)
                {
                    return max;
                }
                var lower = i == 0 ? 0 : bounds[i - 1];
                var estimate = lower + ((bounds[i] - lower) * (rank - below) / counts[i]);
                return Math.Min(estimate, max);
            }
            below += counts[i];
        }
        return max;
    }
}
