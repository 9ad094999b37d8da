using System.Buffers;

namespace Monitor.Collector.Prometheus;

/// <summary>
/// A histogram fed one observation at a time (the derived pipeline histograms): per-bucket
/// counts with Interlocked, no lock on the ingest path. A scrape may see an observation in the
/// count but not yet in the sum, as with every lock-free Prometheus client.
/// </summary>
internal sealed class HistogramSeries : Series
{
    private readonly HistogramBuckets _buckets;
    private readonly long[] _counts;
    private double _sum;

    public HistogramSeries(byte[] labels, HistogramBuckets buckets) : base(labels)
    {
        _buckets = buckets;
        _counts = new long[buckets.Bounds.Length + 1];
    }

    /// <summary>Every bucket, +Inf, _sum and _count.</summary>
    public override int Lines => _counts.Length + 2;

    public void Observe(double value)
    {
        Interlocked.Increment(ref _counts[_buckets.IndexOf(value)]);
        double initial, updated;
        do
        {
            initial = Volatile.Read(ref _sum);
            updated = initial + value;
        }
        // Compared as bits: a NaN never equals itself, and a value compared with != would spin forever once NaN.
        while (BitConverter.DoubleToInt64Bits(Interlocked.CompareExchange(ref _sum, updated, initial)) != BitConverter.DoubleToInt64Bits(initial));
        Touch();
    }

    public override SeriesSample Sample()
    {
        var counts = new double[_counts.Length];
        long cumulative = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            cumulative += Volatile.Read(ref _counts[i]);
            counts[i] = cumulative;
        }
        var histogram = new HistogramSample([.. _buckets.Bounds, double.PositiveInfinity], counts, Volatile.Read(ref _sum), cumulative);
        return new SeriesSample(PrometheusText.DecodeLabels(Labels), cumulative, histogram, CountsFromZero: true, Age);
    }

    public override void Write(IBufferWriter<byte> writer, ReadOnlySpan<byte> name)
    {
        long cumulative = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            cumulative += Volatile.Read(ref _counts[i]);
            var le = i < _buckets.Bounds.Length ? _buckets.EncodedBounds[i] : PrometheusText.Inf;
            WriteSampleStart(writer, name, "_bucket"u8, "le"u8, le);
            PrometheusText.WriteLong(writer, cumulative);
            PrometheusText.Write(writer, "\n"u8);
        }
        WriteSampleStart(writer, name, "_sum"u8);
        PrometheusText.WriteDouble(writer, Volatile.Read(ref _sum));
        PrometheusText.Write(writer, "\n"u8);
        WriteSampleStart(writer, name, "_count"u8);
        PrometheusText.WriteLong(writer, cumulative);
        PrometheusText.Write(writer, "\n"u8);
    }
}
