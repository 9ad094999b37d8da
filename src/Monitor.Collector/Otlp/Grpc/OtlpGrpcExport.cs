using Microsoft.Extensions.Options;
using Monitor.Collector.Configuration;
using Monitor.Collector.Ingestion;
using Monitor.Collector.Telemetry;
using Monitor.Collector.Wire;

namespace Monitor.Collector.Otlp.Grpc;

/// <summary>What both OTLP/gRPC services do around their ingestor: the concurrency gate and the failure answers.</summary>
internal sealed class OtlpGrpcExport(IngestionGate gate, IOptions<OtlpOptions> options, CollectorMeter meter, CollectorLog log)
{
    /// <summary>
    /// Runs <paramref name="ingest"/> inside the gate; UNAVAILABLE + RetryInfo when overloaded,
    /// INVALID_ARGUMENT for a message that is not valid protobuf.
    /// </summary>
    public IngestResult Run<TRequest>(TRequest request, Func<TRequest, IngestResult> ingest)
    {
        if (gate.TryEnter() is { } refusal)
        {
            meter.Rejected(refusal);
            throw OtlpGrpcStatus.Overloaded(options.Value.RetryAfter, refusal);
        }
        try
        {
            var result = ingest(request);
            return result.Overloaded ? throw OtlpGrpcStatus.Overloaded(options.Value.RetryAfter) : result;
        }
        catch (MalformedOtlpException exception)
        {
            var message = $"message is not a valid OTLP protobuf export request: {exception.Message}";
            meter.Rejected(RejectReason.Malformed);
            log.RequestRefused("gRPC", message);
            throw OtlpGrpcStatus.Malformed(message);
        }
        finally
        {
            gate.ReleaseSlot();
        }
    }
}
