using System.Buffers;

namespace Monitor.Collector.Prometheus;

/// <summary>A counter or gauge: one double, updated lock-free.</summary>
internal sealed class ValueSeries(byte[] labels) : Series(labels)
{
    private double _value;

    public double Value => Volatile.Read(ref _value);

    public void Add(double amount)
    {
        double initial, updated;
        do
        {
            initial = Volatile.Read(ref _value);
            updated = initial + amount;
        }
        while (Interlocked.CompareExchange(ref _value, updated, initial) != initial);
        Touch();
    }

    public void Set(double value)
    {
        Volatile.Write(ref _value, value);
        Touch();
    }

    public override SeriesSample Sample() => new(PrometheusText.DecodeLabels(Labels), Value, null);

    public override void Write(IBufferWriter<byte> writer, ReadOnlySpan<byte> name)
    {
        WriteSampleStart(writer, name, default);
        PrometheusText.WriteDouble(writer, Value);
        PrometheusText.Write(writer, "\n"u8);
    }
}
