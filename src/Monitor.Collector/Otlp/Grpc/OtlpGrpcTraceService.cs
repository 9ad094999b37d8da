using Grpc.Core;
using Monitor.Collector.Ingestion;
using Monitor.Collector.Protocol.Collector.Trace;

namespace Monitor.Collector.Otlp.Grpc;

/// <summary><c>opentelemetry.proto.collector.trace.v1.TraceService/Export</c>: hands the request bytes to the ingestor.</summary>
internal sealed class OtlpGrpcTraceService(TraceIngestor ingestor, OtlpGrpcExport export) : OtlpGrpcTraceServiceBase
{
    public override Task<ExportTraceServiceResponse> Export(OtlpPayload request, ServerCallContext context)
    {
        using (request)
        {
            return Task.FromResult(OtlpResponses.Traces(export.Run(request, payload => ingestor.Ingest(payload.Span))));
        }
    }
}
