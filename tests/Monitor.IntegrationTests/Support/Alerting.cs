using Monitor.AlertEngine.Model;
using Monitor.AlertEngine.OpenAlerts;
using OpenTelemetry.Exporter;

namespace Monitor.TestSupport;

/// <summary>Makes a real alert in a host: one slow module span over OTLP (rule slow_module).</summary>
internal static class Alerting
{
    public static async Task<PerformanceAlert> SlowModuleAsync(MonitorHost monitor, string job, string moduleId = "m-1")
    {
        using (var spans = new PipelineSpans(job, monitor.OtlpGrpcUri, OtlpExportProtocol.Grpc))
        {
            spans.Span("module_generation", TimeSpan.FromSeconds(100), false, ("pipeline.module.id", moduleId));
            spans.Flush();
        }
        return (await Poll.UntilAsync(
            () => Task.FromResult(monitor.Get<IAlertFeed>().OpenAlerts.FirstOrDefault(a => a.Labels["job"] == job)),
            a => a is not null, $"an alert for {job}"))!;
    }
}
