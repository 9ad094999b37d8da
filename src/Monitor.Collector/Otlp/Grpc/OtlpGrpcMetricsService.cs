using Grpc.Core;
using Microsoft.Extensions.Options;
using Monitor.Collector.Configuration;
using Monitor.Collector.Ingestion;
using Monitor.Collector.Otlp.Protocol.Collector.Metrics;
using Monitor.Collector.Telemetry;

namespace Monitor.Collector.Otlp.Grpc;

/// <summary><c>opentelemetry.proto.collector.metrics.v1.MetricsService/Export</c>: hands the request to the ingestor.</summary>
internal sealed class OtlpGrpcMetricsService(MetricsIngestor ingestor, IngestionGate gate, IOptions<OtlpOptions> options,
    CollectorMeter meter) : MetricsService.MetricsServiceBase
{
    public override Task<ExportMetricsServiceResponse> Export(ExportMetricsServiceRequest request, ServerCallContext context)
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
                : Task.FromResult(OtlpResponses.Metrics(result));
        }
        finally
        {
            gate.Exit();
        }
    }
}
