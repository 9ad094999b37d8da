using System.Buffers;

namespace Monitor.Collector.Prometheus;

/// <summary>One exposed series: its encoded labels, the time of its last update, its samples.</summary>
internal abstract class Series
{
    private long _lastUpdateTicks;

    protected Series(byte[] labels)
    {
        Labels = labels;
        CreatedTicks = Environment.TickCount64;
        Touch();
    }

    public long CreatedTicks { get; }

    /// <summary>Time since this series was created.</summary>
    public TimeSpan Age => TimeSpan.FromMilliseconds(Environment.TickCount64 - CreatedTicks);

    /// <summary><c>name="value",...</c> without braces, encoded once.</summary>
    public byte[] Labels { get; }

    public long LastUpdateTicks => Volatile.Read(ref _lastUpdateTicks);

    /// <summary>The budget this series' lines count against (null: the monitor's own series, which are exempt).</summary>
    public SeriesBudget? Budget { get; private set; }

    /// <summary>The family name, for the budget's refusal report.</summary>
    protected string FamilyName { get; private set; } = string.Empty;

    /// <summary>The sample lines this series writes now (what it counts against the budget).</summary>
    public abstract int Lines { get; }

    /// <summary>Makes this series count against <paramref name="budget"/> (its lines are reserved by the caller).</summary>
    public void Attach(SeriesBudget budget, string family)
    {
        Budget = budget;
        FamilyName = family;
    }

    protected void Touch() => Volatile.Write(ref _lastUpdateTicks, Environment.TickCount64);

    /// <summary>
    /// Keeps a series whose value stays true between rare updates (a nightly run's counter) from
    /// expiring with the series TTL; its owner calls this while the value still means something.
    /// </summary>
    public void KeepCurrent() => Touch();

    /// <summary>The series as a rule reads it.</summary>
    public abstract SeriesSample Sample();

    /// <summary>Writes this series' sample lines for the family <paramref name="name"/>.</summary>
    public abstract void Write(IBufferWriter<byte> writer, ReadOnlySpan<byte> name);

    /// <summary>Writes <c>name{labels[,extra]} </c>; the caller writes the value and line feed.</summary>
    protected void WriteSampleStart(IBufferWriter<byte> writer, ReadOnlySpan<byte> name, ReadOnlySpan<byte> suffix,
        ReadOnlySpan<byte> extraLabel = default, ReadOnlySpan<byte> extraValue = default)
    {
        PrometheusText.Write(writer, name);
        PrometheusText.Write(writer, suffix);
        var hasExtra = !extraLabel.IsEmpty;
        if (Labels.Length > 0 || hasExtra)
        {
            PrometheusText.Write(writer, "{"u8);
            PrometheusText.Write(writer, Labels);
            if (hasExtra)
            {
                if (Labels.Length > 0)
                {
                    PrometheusText.Write(writer, ","u8);
                }
                PrometheusText.Write(writer, extraLabel);
                PrometheusText.Write(writer, "=\""u8);
                PrometheusText.Write(writer, extraValue);
                PrometheusText.Write(writer, "\""u8);
            }
            PrometheusText.Write(writer, "}"u8);
        }
        PrometheusText.Write(writer, " "u8);
    }
}
