namespace Monitor.Collector.Prometheus;

/// <summary>
/// The cardinality cap shared by every family: a series is created only while fewer than
/// <c>Collector:MaxSeries</c> exist, so a producer with an unbounded label (a request id, say)
/// cannot exhaust memory. Refusals are reported through <see cref="SeriesRefused"/>.
/// </summary>
internal sealed class SeriesBudget(int maxSeries)
{
    private int _count;

    /// <summary>Raised with the family name for every series refused.</summary>
    public event Action<string>? SeriesRefused;

    public int Count => Volatile.Read(ref _count);

    public int MaxSeries => maxSeries;

    public bool TryReserve(string family)
    {
        if (Interlocked.Increment(ref _count) <= maxSeries)
        {
            return true;
        }
        Interlocked.Decrement(ref _count);
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
