using Monitor.AlertEngine;
using Monitor.Collector;
using Monitor.Collector.Prometheus;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Monitor.Web.Telemetry;

/// <summary>
/// The monitor's own telemetry through the OpenTelemetry SDK: its instruments, ASP.NET Core and
/// runtime metrics, on /metrics with job="pipeline-monitor" beside the pipelines', and sent over
/// OTLP as well when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
/// </summary>
internal static class TelemetryExtensions
{
    public const string ServiceName = "pipeline-monitor";

    /// <summary>This process, as service.instance.id and the Prometheus instance label.</summary>
    public static readonly string InstanceId = Environment.MachineName + ":" + Environment.ProcessId;

    public static WebApplicationBuilder AddMonitorTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<WebMeter>();
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName, serviceInstanceId: InstanceId))
            .WithMetrics(metrics => metrics
                .AddMeter(CollectorServiceCollectionExtensions.MeterName, AlertEngineServiceCollectionExtensions.MeterName, WebMeter.Name)
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                // The runtime's gauges named *.count would be *_count on /metrics, which Prometheus
                // keeps for histograms and summaries (promtool lints them): renamed, docs/metrics.md.
                .AddView("dotnet.assembly.count", "dotnet.assemblies.loaded")
                .AddView("dotnet.process.cpu.count", "dotnet.process.cpus")
                .AddView("dotnet.timer.count", "dotnet.timers.active")
                .AddMonitorPrometheusReader(ServiceName, InstanceId));
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }
        return builder;
    }
}
