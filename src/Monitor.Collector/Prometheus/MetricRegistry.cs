using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;

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
    /// name exists with another type or key, or a new one's samples would share names with another
    /// family's (a histogram <c>x</c> and a gauge <c>x_count</c>: the caller rejects the points, a
    /// type conflict), or when a new <paramref name="budgeted"/> family finds no room in the budget
    /// (cardinality).
    /// </summary>
    /// <param name="budgeted">A pass-through family: its header counts against the budget and it
    /// is removed once it has been empty for a series TTL. The monitor's own families are fixed.</param>
    public MetricFamily<TKey, TSeries>? GetOrAddFamily<TKey, TSeries>(string name, MetricType type, string help,
        Func<TKey, TSeries> create, bool budgeted = true)
        where TKey : notnull
        where TSeries : Series
    {
        if (!_families.TryGetValue(name, out var family))
        {
            // New families are rare: made under the lock, so that two that would collide cannot both be made.
            lock (_orderLock)
            {
                if (!_families.TryGetValue(name, out family))
                {
                    if (CollidesWith(name, type) is not null || (budgeted && !budget.TryReserve(name)))
                    {
                        return null;
                    }
                    var created = new MetricFamily<TKey, TSeries>(name, type, help, budget, create) { Budgeted = budgeted };
                    _families[name] = created;
                    _ordered = [.. _ordered.Append(created).OrderBy(f => f.Name, StringComparer.Ordinal)];
                    family = created;
                }
            }
        }
        family.Touch();
        return family.Type == type ? family as MetricFamily<TKey, TSeries> : null;
    }

    /// <summary>
    /// The existing family whose sample names a new family <paramref name="name"/> of <paramref name="type"/>
    /// would share (each would then write the same series), or null.
    /// </summary>
    public string? CollidesWith(string name, MetricType type)
    {
        foreach (var sample in SampleNames(name, type))
        {
            if (sample != name && _families.ContainsKey(sample))
            {
                return sample;
            }
        }
        foreach (var suffix in (ReadOnlySpan<string>)["_bucket", "_sum", "_count"])
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal) && _families.TryGetValue(name[..^suffix.Length], out var stem)
                && SampleNames(stem.Name, stem.Type).Contains(name))
            {
                return stem.Name;
            }
        }
        return null;
    }

    /// <summary>The names a family's samples carry in the text format.</summary>
    private static string[] SampleNames(string name, MetricType type) => type switch
    {
        MetricType.Histogram => [name + "_bucket", name + "_sum", name + "_count"],
        MetricType.Summary => [name, name + "_sum", name + "_count"],
        _ => [name],
    };

    /// <summary>Whether a family of that name exists (a refused new family is a cardinality, not a type, rejection).</summary>
    public bool Contains(string name) => _families.ContainsKey(name);

    public IReadOnlyList<SeriesSample> Read(string metricName) =>
        _families.TryGetValue(metricName, out var family) ? family.Read() : [];

    /// <summary>Removes series not updated within <paramref name="ttl"/>; returns how many.</summary>
    public int RemoveExpired(TimeSpan ttl)
    {
        var oldest = Environment.TickCount64 - (long)ttl.TotalMilliseconds;
        var removed = 0;
        List<MetricFamily>? empty = null;
        foreach (var family in Volatile.Read(ref _ordered))
        {
            removed += family.RemoveUpdatedBefore(oldest);
            // Nobody has asked for it for a whole TTL: no writer still holds it to add a series.
            if (family.Budgeted && family.Count == 0 && family.TouchedTicks < oldest)
            {
                (empty ??= []).Add(family);
            }
        }
        if (empty is not null)
        {
            lock (_orderLock)
            {
                foreach (var family in empty)
                {
                    if (_families.TryRemove(new KeyValuePair<string, MetricFamily>(family.Name, family)))
                    {
                        budget.Release(1);
                    }
                }
                _ordered = [.. _ordered.Except(empty)];
            }
        }
        return removed;
    }

    /// <summary>Series written between two hand-backs of the thread in <see cref="WriteToAsync"/> (about 2 ms of work).</summary>
    private const int SeriesPerStep = 2_000;

    /// <summary>Writes every family in the Prometheus text format 0.0.4.</summary>
    public void WriteTo(IBufferWriter<byte> writer)
    {
        foreach (var family in Volatile.Read(ref _ordered))
        {
            family.Write(writer);
        }
    }

    /// <summary>
    /// Writes every family, sending what is written and handing the thread back every
    /// <see cref="SeriesPerStep"/> series: a scrape of 100,000 series is over 100 ms of work, and
    /// held in one go it kept OTLP exports queued behind it on a one-core monitor (their p99 went
    /// from 12 ms to 256 ms while scraping, docs/performance.md). The endpoint runs it on the
    /// <see cref="ScrapeScheduler"/>, where the steps let concurrent scrapes take turns and keep
    /// what is buffered to one step's output.
    /// </summary>
    public async Task WriteToAsync(PipeWriter writer, CancellationToken cancellationToken)
    {
        foreach (var family in Volatile.Read(ref _ordered))
        {
            foreach (var _ in family.WriteInSteps(writer, SeriesPerStep))
            {
                await writer.FlushAsync(cancellationToken);
                await Task.Yield();
            }
        }
    }
}
