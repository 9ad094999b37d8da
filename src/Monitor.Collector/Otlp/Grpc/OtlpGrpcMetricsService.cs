using Grpc.Core;
using Monitor.Collector.Ingestion;
using Monitor.Collector.Protocol.Collector.Metrics;

namespace Monitor.Collector.Otlp.Grpc;

/// <summary><c>opentelemetry.proto.collector.metrics.v1.MetricsService/Export</c>: hands the request to the ingestor.</summary>
internal sealed class OtlpGrpcMetricsService(MetricsIngestor ingestor, OtlpGrpcExport export) : MetricsService.MetricsServiceBase
{
    public override Task<ExportMetricsServiceResponse> Export(ExportMetricsServiceRequest request, ServerCallContext context) =>
        Task.FromResult(OtlpResponses.Metrics(export.Run(request, ingestor.Ingest)));
}
