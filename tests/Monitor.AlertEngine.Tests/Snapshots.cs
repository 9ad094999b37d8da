using Monitor.Collector.Pipeline.Model;

namespace Monitor.AlertEngine.Tests;

internal static class Snapshots
{
    public static PipelineSnapshot Of(string job, long samples = 100, double errorRate = 0, double averageMs = 100,
        long queued = 0, DateTimeOffset? lastActivity = null, IReadOnlyDictionary<string, double>? quality = null) =>
        new(Alerts.T0,
            new PipelineMetrics(job, 0, 0, averageMs, 1 - errorRate, errorRate, samples, new Dictionary<string, long>(),
                quality ?? new Dictionary<string, double>(), new Dictionary<string, StagePerformance>()),
            new PipelineStatus(job, true, 0, queued, 0, lastActivity ?? Alerts.T0, 10));
}
