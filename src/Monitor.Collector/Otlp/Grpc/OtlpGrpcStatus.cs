using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Monitor.Collector.Ingestion;
using Monitor.Collector.Telemetry;
using Monitor.Collector.Wire;

namespace Monitor.Collector.Otlp.Grpc;

/// <summary>The gRPC failures of the OTLP specification, with RetryInfo only where a retry helps.</summary>
internal static class OtlpGrpcStatus
{
    /// <summary>UNAVAILABLE with RetryInfo: the exporter retries after the delay.</summary>
    public static RpcException Overloaded(TimeSpan retryAfter, string reason = RejectReason.Overloaded) => new Google.Rpc.Status
    {
        Code = (int)Code.Unavailable,
        Message = $"{IngestionGate.Explain(reason)}; retry after the RetryInfo delay",
        Details = { Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(retryAfter) }) },
    }.ToRpcException();

    /// <summary>RESOURCE_EXHAUSTED without RetryInfo: the same request would fail again.</summary>
    public static RpcException TooLarge(int maxBytes) =>
        new(new global::Grpc.Core.Status(StatusCode.ResourceExhausted,
            $"request is larger than Otlp:MaxRequestBytes ({maxBytes} bytes) after decompression"));

    /// <summary>INVALID_ARGUMENT: the message cannot be decoded, a retry would fail the same way.</summary>
    public static RpcException Malformed(string message) => new(new global::Grpc.Core.Status(StatusCode.InvalidArgument, BoundedText.Safe(message)));

    public static RpcException Unauthenticated(string header) =>
        new(new global::Grpc.Core.Status(StatusCode.Unauthenticated, $"missing or wrong API key in metadata {header}"));
}
