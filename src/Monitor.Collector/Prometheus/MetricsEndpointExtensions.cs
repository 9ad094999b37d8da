using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace Monitor.Collector.Prometheus;

/// <summary>
/// <c>GET /metrics</c>: every series of the <see cref="MetricRegistry"/> in the Prometheus text
/// format 0.0.4: derived pipeline metrics, pass-through metrics and, collected at the moment of
/// the scrape, the monitor's own OpenTelemetry SDK metrics.
/// </summary>
public static class MetricsEndpointExtensions
{
    public const string Path = "/metrics";

    /// <summary>Adds the reader that puts the SDK's metrics into the registry at each scrape.</summary>
    public static MeterProviderBuilder AddMonitorPrometheusReader(this MeterProviderBuilder builder, string job, string instance) =>
        builder.AddReader(provider =>
        {
            var reader = new BaseExportingMetricReader(new SdkMetricsExporter(provider.GetRequiredService<MetricRegistry>(), job, instance))
            {
                TemporalityPreference = MetricReaderTemporalityPreference.Cumulative,
            };
            provider.GetRequiredService<SdkMetricsCollector>().Reader = reader;
            return reader;
        });

    public static IEndpointConventionBuilder MapMonitorMetrics(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(Path, WriteMetricsAsync).WithName("PrometheusMetrics").ExcludeFromDescription();

    private static async Task WriteMetricsAsync(HttpContext context, MetricRegistry registry, SdkMetricsCollector sdk, ScrapeScheduler scheduler)
    {
        sdk.Collect();
        context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        await Task.Factory.StartNew(() => registry.WriteToAsync(context.Response.BodyWriter, context.RequestAborted), context.RequestAborted,
            TaskCreationOptions.DenyChildAttach, scheduler).Unwrap();
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
    }
}
