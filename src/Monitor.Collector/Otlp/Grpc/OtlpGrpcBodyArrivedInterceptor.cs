using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Monitor.Collector.Otlp.Grpc;

/// <summary>The first interceptor of every OTLP/gRPC call: the message is in hand, so its deadline (<see cref="OtlpGrpcBodyDeadline"/>) ends.</summary>
internal sealed class OtlpGrpcBodyArrivedInterceptor : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        context.GetHttpContext().Features.Get<OtlpGrpcBodyDeadline>()?.MessageArrived();
        return continuation(request, context);
    }
}
