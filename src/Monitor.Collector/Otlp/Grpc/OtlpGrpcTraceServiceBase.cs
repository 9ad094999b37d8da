using System.Buffers;
using Google.Protobuf;
using Grpc.Core;
using Monitor.Collector.Protocol.Collector.Trace;

namespace Monitor.Collector.Otlp.Grpc;

/// <summary>
/// <c>opentelemetry.proto.collector.trace.v1.TraceService/Export</c>, bound by hand instead of
/// through the generated base class: the request reaches the span reader as protobuf bytes,
/// because building Google.Protobuf's message graph first was most of the ingest cost
/// (docs/decisions/0008). Grpc.AspNetCore finds the binding through the attribute.
/// </summary>
[BindServiceMethod(typeof(OtlpGrpcTraceServiceBase), nameof(BindService))]
internal abstract class OtlpGrpcTraceServiceBase
{
    /// <summary>Copies the (already decompressed and size-checked) message out of the transport's buffers.</summary>
    private static readonly Marshaller<OtlpPayload> PayloadMarshaller = Marshallers.Create<OtlpPayload>(
        static (_, _) => throw new NotSupportedException("the monitor only receives OTLP payloads"),
        static context =>
        {
            var payload = context.PayloadAsReadOnlySequence();
            var buffer = ArrayPool<byte>.Shared.Rent((int)payload.Length);
            payload.CopyTo(buffer);
            return new OtlpPayload(buffer, (int)payload.Length);
        });

    private static readonly Method<OtlpPayload, ExportTraceServiceResponse> ExportMethod = new(
        MethodType.Unary,
        "opentelemetry.proto.collector.trace.v1.TraceService",
        "Export",
        PayloadMarshaller,
        Marshallers.Create(static (ExportTraceServiceResponse response) => response.ToByteArray(), ExportTraceServiceResponse.Parser.ParseFrom));

    public abstract Task<ExportTraceServiceResponse> Export(OtlpPayload request, ServerCallContext context);

    /// <summary>Called by Grpc.AspNetCore with a null service to learn the methods, as for generated services.</summary>
    public static void BindService(ServiceBinderBase binder, OtlpGrpcTraceServiceBase? service)
    {
        ArgumentNullException.ThrowIfNull(binder);
        binder.AddMethod(ExportMethod, service is null ? null : service.Export);
    }
}
