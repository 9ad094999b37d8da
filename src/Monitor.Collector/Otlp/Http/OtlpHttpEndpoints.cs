using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Monitor.Collector.Hosting;
using Monitor.Collector.Ingestion;
using Monitor.Collector.Protocol.Collector.Logs;
using Monitor.Collector.Protocol.Collector.Metrics;

namespace Monitor.Collector.Otlp.Http;

/// <summary>Maps <c>POST /v1/traces</c> and <c>POST /v1/metrics</c> on the OTLP/HTTP listener.</summary>
internal static class OtlpHttpEndpoints
{
    public static void MapOtlpHttp(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/v1").ServedOnListener(MonitorListener.OtlpHttp).WithTags("OTLP").ExcludeFromDescription();
        group.MapPost("/traces", ExportTracesAsync).WithName("OtlpExportTraces");
        group.MapPost("/metrics", ExportMetricsAsync).WithName("OtlpExportMetrics");
        group.MapPost("/logs", ExportLogsAsync).WithName("OtlpExportLogs");
    }

    private static Task ExportTracesAsync(HttpContext context, OtlpHttpReceiver receiver, TraceIngestor ingestor) =>
        receiver.HandleAsync(context, ingestor.Ingest, json => ingestor.Ingest(OtlpJsonBodies.Traces(json)), OtlpResponses.Traces);

    private static Task ExportMetricsAsync(HttpContext context, OtlpHttpReceiver receiver, MetricsIngestor ingestor) =>
        receiver.HandleAsync(context, body => ingestor.Ingest(ExportMetricsServiceRequest.Parser.ParseFrom(body)),
            json => ingestor.Ingest(OtlpJsonBodies.Metrics(json)), OtlpResponses.Metrics);

    private static Task ExportLogsAsync(HttpContext context, OtlpHttpReceiver receiver, LogsIngestor ingestor) =>
        receiver.HandleAsync(context, body => ingestor.Ingest(ExportLogsServiceRequest.Parser.ParseFrom(body)),
            json => ingestor.Ingest(OtlpJsonBodies.Logs(json)), OtlpResponses.Logs);
}
