using Grpc.Core;
using Grpc.Core.Interceptors;
using Monitor.Collector.Telemetry;

namespace Monitor.Collector.Otlp.Grpc;

/// <summary>Checks the optional ingestion API key on OTLP/gRPC calls (UNAUTHENTICATED when wrong).</summary>
internal sealed class OtlpApiKeyInterceptor(OtlpApiKey apiKey, CollectorMeter meter) : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (!apiKey.IsValid(context.RequestHeaders.GetValue(apiKey.HeaderName)))
        {
            meter.Rejected(RejectReason.Unauthenticated);
            throw OtlpGrpcStatus.Unauthenticated(apiKey.HeaderName);
        }
        return continuation(request, context);
    }
}
