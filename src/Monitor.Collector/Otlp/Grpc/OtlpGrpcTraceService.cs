using Grpc.Core;
using Microsoft.Extensions.Options;
using Monitor.Collector.Configuration;
using Monitor.Collector.Ingestion;
using Monitor.Collector.Otlp.Protocol.Collector.Trace;
using Monitor.Collector.Telemetry;

namespace Monitor.Collector.Otlp.Grpc;

/// <summary><c>opentelemetry.proto.collector.trace.v1.TraceService/Export</c>: hands the request to the ingestor.</summary>
internal sealed class OtlpGrpcTraceService(TraceIngestor ingestor, IngestionGate gate, IOptions<OtlpOptions> options,
    CollectorMeter meter) : TraceService.TraceServiceBase
{
    public override Task<ExportTraceServiceResponse> Export(ExportTraceServiceRequest request, ServerCallContext context)
    {
        if (!gate.TryEnter())
        {
            meter.Rejected(RejectReason.Overloaded);
            throw OtlpGrpcStatus.Overloaded(options.Value.RetryAfter);
        }
        try
        {
            var result = ingestor.Ingest(request);
            return result.Overloaded
                ? throw OtlpGrpcStatus.Overloaded(options.Value.RetryAfter)
                : Task.FromResult(OtlpResponses.Traces(result));
        }
        finally
        {
            gate.Exit();
        }
    }
}
