namespace Monitor.Collector.Prometheus;

/// <summary>
/// The cardinality cap shared by every family, counted as /metrics is written: each sample line a
/// series writes (a histogram writes its buckets, +Inf, _sum and _count) and each family's header.
/// So a producer with an unbounded label (a request id, say) or a histogram with thousands of
/// buckets cannot exhaust memory or the scrape. Refusals are reported through <see cref="SeriesRefused"/>.
/// </summary>
internal sealed class SeriesBudget(int maxSeries)
{
    private int _count;

    /// <summary>Raised with the family name for every series refused.</summary>
    public event Action<string>? SeriesRefused;

    public int Count => Volatile.Read(ref _count);

    public int MaxSeries => maxSeries;

    /// <summary>Reserves <paramref name="lines"/> lines for <paramref name="family"/>; false (and reported) past the cap.</summary>
    public bool TryReserve(string family, int lines = 1)
    {
        if (Interlocked.Add(ref _count, lines) <= maxSeries)
        {
            return true;
        }
        Interlocked.Add(ref _count, -lines);
        SeriesRefused?.Invoke(family);
        return false;
    }

    public void Release(int count)
    {
        if (count > 0)
        {
            Interlocked.Add(ref _count, -count);
        }
    }
}
