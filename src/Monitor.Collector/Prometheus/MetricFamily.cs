using System.Buffers;
using System.Collections.Concurrent;
using System.Text;

namespace Monitor.Collector.Prometheus;

/// <summary>A metric family: name, type, help, encoded once, and its series.</summary>
internal abstract class MetricFamily
{
    private readonly byte[] _header;

    private long _touchedTicks = Environment.TickCount64;

    protected MetricFamily(string name, MetricType type, string help)
    {
        Name = name;
        Type = type;
        NameUtf8 = Encoding.UTF8.GetBytes(name);
        var typeName = type.ToString().ToLowerInvariant();
        var helpLine = help.Length == 0 ? string.Empty : $"# HELP {name} {PrometheusText.EscapeHelp(help)}\n";
        _header = Encoding.UTF8.GetBytes($"{helpLine}# TYPE {name} {typeName}\n");
    }

    public string Name { get; }

    public MetricType Type { get; }

    protected byte[] NameUtf8 { get; }

    public abstract int Count { get; }

    /// <summary>Counts its header against the budget, and may be removed when empty (a pass-through family).</summary>
    public bool Budgeted { get; init; }

    /// <summary>When a writer last asked for this family; an empty family is removed only long after.</summary>
    public long TouchedTicks => Volatile.Read(ref _touchedTicks);

    public void Touch() => Volatile.Write(ref _touchedTicks, Environment.TickCount64);

    public abstract IReadOnlyList<SeriesSample> Read();

    public void Write(IBufferWriter<byte> writer)
    {
        foreach (var _ in WriteInSteps(writer, int.MaxValue))
        {
        }
    }

    /// <summary>Writes the family; the enumeration pauses after every <paramref name="seriesPerStep"/> series written.</summary>
    public IEnumerable<int> WriteInSteps(IBufferWriter<byte> writer, int seriesPerStep)
    {
        if (Count == 0)
        {
            yield break;
        }
        PrometheusText.Write(writer, _header);
        foreach (var written in WriteSeries(writer, seriesPerStep))
        {
            yield return written;
        }
    }

    /// <summary>Writes every series, yielding the number written after each <paramref name="seriesPerStep"/>.</summary>
    protected abstract IEnumerable<int> WriteSeries(IBufferWriter<byte> writer, int seriesPerStep);

    /// <summary>Removes series last updated before <paramref name="oldestTicks"/>; returns how many.</summary>
    public abstract int RemoveUpdatedBefore(long oldestTicks);
}

/// <summary>A family whose series are found by <typeparamref name="TKey"/> (label values).</summary>
internal sealed class MetricFamily<TKey, TSeries> : MetricFamily
    where TKey : notnull
    where TSeries : Series
{
    private readonly ConcurrentDictionary<TKey, TSeries> _series = new();
    private readonly SeriesBudget _budget;
    private readonly Func<TKey, TSeries> _create;

    public MetricFamily(string name, MetricType type, string help, SeriesBudget budget, Func<TKey, TSeries> create)
        : base(name, type, help)
    {
        _budget = budget;
        _create = create;
    }

    public override int Count => _series.Count;

    public override IReadOnlyList<SeriesSample> Read() => [.. _series.Values.Select(static s => s.Sample())];

    /// <summary>The series for <paramref name="key"/>, created if the cardinality budget has room for its lines; else null.</summary>
    /// <param name="budgeted">false for the monitor's own series, which are bounded and must stay
    /// visible when pipelines exhaust the budget (the cardinality rejections are counted in one).</param>
    public TSeries? GetOrAdd(TKey key, bool budgeted = true)
    {
        if (_series.TryGetValue(key, out var existing))
        {
            return existing;
        }
        // Built outside the dictionary's lock; a racing creator's copy is dropped and its lines returned.
        var created = _create(key);
        if (budgeted)
        {
            if (!_budget.TryReserve(Name, created.Lines))
            {
                return null;
            }
            created.Attach(_budget, Name);
        }
        var stored = _series.GetOrAdd(key, created);
        if (!ReferenceEquals(stored, created) && budgeted)
        {
            _budget.Release(created.Lines);
        }
        return stored;
    }

    /// <summary>The series for <paramref name="key"/> if it exists (never creates one).</summary>
    public TSeries? TryGet(TKey key) => _series.GetValueOrDefault(key);

    /// <summary>Removes <paramref name="series"/> if it is still the one under <paramref name="key"/>, returning its lines.</summary>
    public void Remove(TKey key, TSeries series)
    {
        if (_series.TryRemove(new KeyValuePair<TKey, TSeries>(key, series)))
        {
            series.Budget?.Release(series.Lines);
        }
    }

    protected override IEnumerable<int> WriteSeries(IBufferWriter<byte> writer, int seriesPerStep)
    {
        var written = 0;
        foreach (var (_, series) in _series)
        {
            series.Write(writer, NameUtf8);
            if (++written % seriesPerStep == 0)
            {
                yield return written;
            }
        }
    }

    public override int RemoveUpdatedBefore(long oldestTicks)
    {
        var removed = 0;
        foreach (var (key, series) in _series)
        {
            if (series.LastUpdateTicks < oldestTicks && _series.TryRemove(new KeyValuePair<TKey, TSeries>(key, series)))
            {
                removed++;
                series.Budget?.Release(series.Lines);
            }
        }
        return removed;
    }
}
