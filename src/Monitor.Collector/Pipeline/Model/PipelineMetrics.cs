namespace Monitor.Collector.Pipeline.Model;

/// <summary>
/// The seed's PipelineMetrics for one pipeline (<see cref="Job"/>). Totals count since the
/// monitor started; rates and averages cover the sliding window <c>Collector:Window</c>.
/// When the window holds no span, <see cref="SampleCount"/> is 0 and the rates are 0. The health
/// the seed draws beside them is the alert engine's; the web host sends it along.
/// </summary>
public sealed record PipelineMetrics(
    string Job,
    long TotalModulesProcessed,
    long TotalResourcesGenerated,
    double AverageProcessingTime,
    double SuccessRate,
    double ErrorRate,
    long SampleCount,
    IReadOnlyDictionary<string, long> ResourcesByType,
    IReadOnlyDictionary<string, double> QualityScores,
    IReadOnlyDictionary<string, StagePerformance> Performance)
{
    /// <summary>Unit of <see cref="AverageProcessingTime"/> and of the stage times.</summary>
    public const string TimeUnit = "ms";
}
