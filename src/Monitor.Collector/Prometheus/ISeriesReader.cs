namespace Monitor.Collector.Prometheus;

/// <summary>Reads the current series of a metric family, for rules on any series the collector holds.</summary>
public interface ISeriesReader
{
    /// <summary>The series of the family <paramref name="metricName"/> (as exposed); empty when there is none.</summary>
    IReadOnlyList<SeriesSample> Read(string metricName);
}
