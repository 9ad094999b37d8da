using Grpc.Core;
using Monitor.Collector.Ingestion;
using Monitor.Collector.Otlp.Protocol.Collector.Trace;

namespace Monitor.Collector.Otlp.Grpc;

/// <summary><c>opentelemetry.proto.collector.trace.v1.TraceService/Export</c>: hands the request to the ingestor.</summary>
internal sealed class OtlpGrpcTraceService(TraceIngestor ingestor, OtlpGrpcExport export) : TraceService.TraceServiceBase
{
    public override Task<ExportTraceServiceResponse> Export(ExportTraceServiceRequest request, ServerCallContext context) =>
        Task.FromResult(OtlpResponses.Traces(export.Run(request, ingestor.Ingest)));
}
