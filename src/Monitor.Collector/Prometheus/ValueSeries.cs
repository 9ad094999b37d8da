using System.Buffers;

namespace Monitor.Collector.Prometheus;

/// <summary>A counter or gauge: one double, updated lock-free.</summary>
/// <param name="countsFromZero">A derived counter the monitor increments from zero (see <see cref="SeriesSample.CountsFromZero"/>).</param>
internal sealed class ValueSeries(byte[] labels, bool countsFromZero = false) : Series(labels)
{
    private double _value;

    public double Value => Volatile.Read(ref _value);

    public override int Lines => 1;

    public void Add(double amount)
    {
        double initial, updated;
        do
        {
            initial = Volatile.Read(ref _value);
            updated = initial + amount;
        }
        // Compared as bits: a NaN never equals itself, and a value compared with != would spin forever once NaN.
        while (BitConverter.DoubleToInt64Bits(Interlocked.CompareExchange(ref _value, updated, initial)) != BitConverter.DoubleToInt64Bits(initial));
        Touch();
    }

    public void Set(double value)
    {
        Volatile.Write(ref _value, value);
        Touch();
    }

    public override SeriesSample Sample() => new(PrometheusText.DecodeLabels(Labels), Value, null, countsFromZero, Age);

    public override void Write(IBufferWriter<byte> writer, ReadOnlySpan<byte> name)
    {
        WriteSampleStart(writer, name, default);
        PrometheusText.WriteDouble(writer, Value);
        PrometheusText.Write(writer, "\n"u8);
    }
}
