namespace Monitor.Collector.Prometheus;

/// <summary>
/// One series of /metrics as a rule reads it: its labels and its value, or for a histogram its
/// cumulative buckets (the last bound is +Inf), sum and count.
/// </summary>
/// <param name="CountsFromZero">The monitor counted it from zero itself (the derived pipeline series): everything in it
/// arrived within <paramref name="Age"/>. Pass-through series start at whatever their first point said.</param>
/// <param name="Age">Time since the series was created in this monitor.</param>
public sealed record SeriesSample(IReadOnlyList<KeyValuePair<string, string>> Labels, double Value, HistogramSample? Histogram,
    bool CountsFromZero, TimeSpan Age)
{
    public string? Label(string name)
    {
        foreach (var (key, value) in Labels)
        {
            if (key == name)
            {
                return value;
            }
        }
        return null;
    }
}

/// <summary>A histogram's cumulative bucket counts at one moment.</summary>
public sealed record HistogramSample(double[] Bounds, double[] CumulativeCounts, double Sum, double Count);

/// <summary>Reads the current series of a metric family, for rules on any series the collector holds.</summary>
public interface ISeriesReader
{
    /// <summary>The series of the family <paramref name="metricName"/> (as exposed); empty when there is none.</summary>
    IReadOnlyList<SeriesSample> Read(string metricName);
}
