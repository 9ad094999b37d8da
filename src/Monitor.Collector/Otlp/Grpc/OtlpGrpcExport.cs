using Microsoft.Extensions.Options;
using Monitor.Collector.Configuration;
using Monitor.Collector.Ingestion;
using Monitor.Collector.Telemetry;

namespace Monitor.Collector.Otlp.Grpc;

/// <summary>What both OTLP/gRPC services do around their ingestor: the concurrency gate and the overload answer.</summary>
internal sealed class OtlpGrpcExport(IngestionGate gate, IOptions<OtlpOptions> options, CollectorMeter meter)
{
    /// <summary>Runs <paramref name="ingest"/> inside the gate; UNAVAILABLE + RetryInfo when overloaded.</summary>
    public IngestResult Run<TRequest>(TRequest request, Func<TRequest, IngestResult> ingest)
    {
        if (!gate.TryEnter())
        {
            meter.Rejected(RejectReason.Overloaded);
            throw OtlpGrpcStatus.Overloaded(options.Value.RetryAfter);
        }
        try
        {
            var result = ingest(request);
            return result.Overloaded ? throw OtlpGrpcStatus.Overloaded(options.Value.RetryAfter) : result;
        }
        finally
        {
            gate.Exit();
        }
    }
}
