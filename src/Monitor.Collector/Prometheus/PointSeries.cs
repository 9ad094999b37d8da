using System.Buffers;

namespace Monitor.Collector.Prometheus;

/// <summary>
/// A pass-through histogram or summary: the latest cumulative OTLP point, replaced whole.
/// Points arrive a few times a minute per series, so a short lock is cheaper than cleverness.
/// </summary>
internal sealed class PointSeries(byte[] labels, MetricType type) : Series(labels)
{
    private readonly Lock _lock = new();
    // Histogram: upper bounds. Summary: quantiles.
    private double[] _bounds = [];
    private byte[][] _encodedBounds = [];
    private ulong[] _bucketCounts = [];
    private double[] _quantileValues = [];
    private double _sum;
    private ulong _count;
    private bool _hasPoint;
    private int _lines = type == MetricType.Histogram ? 3 : 2;

    /// <summary>Whether a point was stored yet.</summary>
    public bool HasPoint
    {
        get
        {
            lock (_lock)
            {
                return _hasPoint;
            }
        }
    }

    /// <summary>Histogram: buckets, +Inf, _sum, _count. Summary: quantiles, _sum, _count.</summary>
    public override int Lines => Volatile.Read(ref _lines);

    /// <summary>
    /// Stores a cumulative histogram point, or adds a delta one to the stored total. A delta
    /// point whose bounds differ from the stored ones starts a new total. Nothing changes when the
    /// point has more buckets than the budget has room for, or when a delta would take the total
    /// count past what an exposition can hold (its buckets add up to its count: checked before).
    /// </summary>
    public PointUpdate UpdateHistogram(ReadOnlySpan<double> bounds, ReadOnlySpan<ulong> counts, double sum, ulong count, bool delta)
    {
        lock (_lock)
        {
            var sameShape = bounds.SequenceEqual(_bounds) && counts.Length == _bucketCounts.Length;
            var accumulate = delta && sameShape && _hasPoint;
            if (accumulate && count > (ulong)long.MaxValue - _count)
            {
                return PointUpdate.CountOverflow;
            }
            if (!TryResize(bounds.Length + 3))
            {
                return PointUpdate.NoRoom;
            }
            if (accumulate)
            {
                for (var i = 0; i < counts.Length; i++)
                {
                    _bucketCounts[i] += counts[i];
                }
                _sum += sum;
                _count += count;
            }
            else
            {
                SetBounds(bounds);
                _bucketCounts = counts.ToArray();
                _sum = sum;
                _count = count;
                _hasPoint = true;
            }
        }
        Touch();
        return PointUpdate.Stored;
    }

    /// <summary>Stores a summary point (summaries are always cumulative in OTLP); false when the budget has no room for its quantiles.</summary>
    public bool UpdateSummary(ReadOnlySpan<double> quantiles, ReadOnlySpan<double> values, double sum, ulong count)
    {
        lock (_lock)
        {
            if (!TryResize(quantiles.Length + 2))
            {
                return false;
            }
            SetBounds(quantiles);
            _quantileValues = values.ToArray();
            _sum = sum;
            _count = count;
            _hasPoint = true;
        }
        Touch();
        return true;
    }

    /// <summary>Counts a change of shape against the budget: more lines are reserved first, fewer released.</summary>
    private bool TryResize(int lines)
    {
        var delta = lines - _lines;
        if (delta > 0 && Budget is { } budget && !budget.TryReserve(FamilyName, delta))
        {
            return false;
        }
        if (delta < 0)
        {
            Budget?.Release(-delta);
        }
        Volatile.Write(ref _lines, lines);
        return true;
    }

    private void SetBounds(ReadOnlySpan<double> bounds)
    {
        if (!bounds.SequenceEqual(_bounds))
        {
            _bounds = bounds.ToArray();
            _encodedBounds = [.. _bounds.Select(PrometheusText.EncodeBound)];
        }
    }

    public override SeriesSample Sample()
    {
        lock (_lock)
        {
            if (type != MetricType.Histogram)
            {
                return new SeriesSample(PrometheusText.DecodeLabels(Labels), _sum, null, CountsFromZero: false, Age);
            }
            var counts = new double[_bounds.Length + 1];
            ulong cumulative = 0;
            for (var i = 0; i < _bounds.Length; i++)
            {
                cumulative += i < _bucketCounts.Length ? _bucketCounts[i] : 0;
                counts[i] = cumulative;
            }
            counts[^1] = _count;
            var histogram = new HistogramSample([.. _bounds, double.PositiveInfinity], counts, _sum, _count);
            return new SeriesSample(PrometheusText.DecodeLabels(Labels), _count, histogram, CountsFromZero: false, Age);
        }
    }

    public override void Write(IBufferWriter<byte> writer, ReadOnlySpan<byte> name)
    {
        lock (_lock)
        {
            if (type == MetricType.Histogram)
            {
                WriteBuckets(writer, name);
            }
            else
            {
                for (var i = 0; i < _encodedBounds.Length; i++)
                {
                    WriteSampleStart(writer, name, default, "quantile"u8, _encodedBounds[i]);
                    PrometheusText.WriteDouble(writer, _quantileValues[i]);
                    PrometheusText.Write(writer, "\n"u8);
                }
            }
            WriteSampleStart(writer, name, "_sum"u8);
            PrometheusText.WriteDouble(writer, _sum);
            PrometheusText.Write(writer, "\n"u8);
            WriteSampleStart(writer, name, "_count"u8);
            PrometheusText.WriteLong(writer, (long)_count);
            PrometheusText.Write(writer, "\n"u8);
        }
    }

    private void WriteBuckets(IBufferWriter<byte> writer, ReadOnlySpan<byte> name)
    {
        ulong cumulative = 0;
        for (var i = 0; i < _encodedBounds.Length; i++)
        {
            cumulative += i < _bucketCounts.Length ? _bucketCounts[i] : 0;
            WriteSampleStart(writer, name, "_bucket"u8, "le"u8, _encodedBounds[i]);
            PrometheusText.WriteLong(writer, (long)cumulative);
            PrometheusText.Write(writer, "\n"u8);
        }
        // The +Inf bucket always equals the count, also for a point sent without buckets.
        WriteSampleStart(writer, name, "_bucket"u8, "le"u8, PrometheusText.Inf);
        PrometheusText.WriteLong(writer, (long)_count);
        PrometheusText.Write(writer, "\n"u8);
    }
}
