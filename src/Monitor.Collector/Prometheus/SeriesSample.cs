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
