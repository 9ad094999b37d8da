using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Monitor.Collector.Prometheus;

/// <summary>
/// <c>GET /metrics</c>: the collector's series (derived and pass-through, names known only at
/// run time) followed by the monitor's own OpenTelemetry SDK metrics from the OpenTelemetry
/// Prometheus exporter, in one text-format 0.0.4 response. docs/decisions/0001 says why two writers.
/// </summary>
public static class MetricsEndpointExtensions
{
    public const string Path = "/metrics";

    public static IApplicationBuilder UseMonitorMetricsEndpoint(this IApplicationBuilder app) =>
        app.UseOpenTelemetryPrometheusScrapingEndpoint(
            meterProvider: null,
            predicate: static context => context.Request.Path == Path && HttpMethods.IsGet(context.Request.Method),
            path: null,
            configureBranchedPipeline: static branch => branch.Use(WriteCollectorSeriesFirst),
            optionsName: null);

    private static async Task WriteCollectorSeriesFirst(HttpContext context, RequestDelegate next)
    {
        // Our writer produces the 0.0.4 text format; ask the SDK exporter for the same, so the
        // two parts form one valid document (OpenMetrics would need a single trailing # EOF).
        context.Request.Headers.Accept = "text/plain; version=0.0.4";
        var response = context.Response;
        var original = response.Body;
        using var sdkPart = new MemoryStream();
        response.Body = sdkPart;
        try
        {
            await next(context);
        }
        finally
        {
            response.Body = original;
        }
        if (response.StatusCode != StatusCodes.Status200OK)
        {
            await response.Body.WriteAsync(sdkPart.GetBuffer().AsMemory(0, (int)sdkPart.Length), context.RequestAborted);
            return;
        }
        response.ContentLength = null;
        response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        var registry = context.RequestServices.GetRequiredService<MetricRegistry>();
        registry.WriteTo(response.BodyWriter);
        await response.BodyWriter.WriteAsync(sdkPart.GetBuffer().AsMemory(0, (int)sdkPart.Length), context.RequestAborted);
    }
}
