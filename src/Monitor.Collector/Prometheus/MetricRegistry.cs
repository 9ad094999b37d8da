using System.Buffers;
using System.Collections.Concurrent;

namespace Monitor.Collector.Prometheus;

/// <summary>
/// Every family the collector exposes (derived and pass-through), under one cardinality budget
/// and one expiry. Families are written in name order so that scrapes are stable.
/// </summary>
internal sealed class MetricRegistry(SeriesBudget budget) : ISeriesReader
{
    private readonly ConcurrentDictionary<string, MetricFamily> _families = new(StringComparer.Ordinal);
    private readonly Lock _orderLock = new();
    private MetricFamily[] _ordered = [];

    public SeriesBudget Budget => budget;

    /// <summary>
    /// The family named <paramref name="name"/>; created when absent. Null when a family of that
    /// name exists with another type or key: the caller rejects the points (type conflict).
    /// </summary>
    public MetricFamily<TKey, TSeries>? GetOrAddFamily<TKey, TSeries>(string name, MetricType type, string help,
        Func<TKey, TSeries> create)
        where TKey : notnull
        where TSeries : Series
    {
        if (!_families.TryGetValue(name, out var family))
        {
            var created = new MetricFamily<TKey, TSeries>(name, type, help, budget, create);
            family = _families.GetOrAdd(name, created);
            if (ReferenceEquals(family, created))
            {
                lock (_orderLock)
                {
                    _ordered = [.. _ordered.Append(created).OrderBy(f => f.Name, StringComparer.Ordinal)];
                }
            }
        }
        return family.Type == type ? family as MetricFamily<TKey, TSeries> : null;
    }

    public IReadOnlyList<SeriesSample> Read(string metricName) =>
        _families.TryGetValue(metricName, out var family) ? family.Read() : [];

    /// <summary>Removes series not updated within <paramref name="ttl"/>; returns how many.</summary>
    public int RemoveExpired(TimeSpan ttl)
    {
        var oldest = Environment.TickCount64 - (long)ttl.TotalMilliseconds;
        var removed = 0;
        foreach (var family in Volatile.Read(ref _ordered))
        {
            removed += family.RemoveUpdatedBefore(oldest);
        }
        return removed;
    }

    /// <summary>Writes every family in the Prometheus text format 0.0.4.</summary>
    public void WriteTo(IBufferWriter<byte> writer)
    {
        foreach (var family in Volatile.Read(ref _ordered))
        {
            family.Write(writer);
        }
    }
}
