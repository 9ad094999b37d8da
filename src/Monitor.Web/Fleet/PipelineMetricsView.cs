using Monitor.AlertEngine.Health;
using Monitor.Collector.Pipeline.Model;

namespace Monitor.Web.Fleet;

/// <summary>
/// PipelineMetrics as the hub and the API send it (docs/architecture.md, "Data model"): the
/// collector's figures with the health monitor's latest status beside them. The collector knows
/// nothing of health, so the web host puts the two together here. The fields are spelled out
/// again, not inherited: MessagePack writes a record through the constructor that takes all of
/// its properties.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Maintainability", "CA1515", Justification = "Sent on the hub: MessagePack's contractless resolver writes public types only.")]
public sealed record PipelineMetricsView(
    string Job,
    long TotalModulesProcessed,
    long TotalResourcesGenerated,
    double AverageProcessingTime,
    double SuccessRate,
    double ErrorRate,
    long SampleCount,
    IReadOnlyDictionary<string, long> ResourcesByType,
    IReadOnlyDictionary<string, double> QualityScores,
    IReadOnlyDictionary<string, StagePerformance> Performance,
    HealthStatus Health)
{
    public static PipelineMetricsView Of(PipelineMetrics metrics, HealthStatus health) => new(
        metrics.Job,
        metrics.TotalModulesProcessed,
        metrics.TotalResourcesGenerated,
        metrics.AverageProcessingTime,
        metrics.SuccessRate,
        metrics.ErrorRate,
        metrics.SampleCount,
        metrics.ResourcesByType,
        metrics.QualityScores,
        metrics.Performance,
        health);
}
