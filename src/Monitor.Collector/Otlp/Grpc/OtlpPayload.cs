using System.Buffers;
using Grpc.Core;

namespace Monitor.Collector.Otlp.Grpc;

/// <summary>
/// A gRPC request message kept as its protobuf bytes (in a pooled buffer), for a reader that
/// decodes it without building the message graph. Disposed by the handler once read.
/// </summary>
internal sealed class OtlpPayload : IDisposable
{
    private byte[] _buffer;

    private OtlpPayload(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    /// <summary>Copies the (already decompressed and size-checked) message out of the transport's buffers.</summary>
    public static Marshaller<OtlpPayload> Marshaller { get; } = Marshallers.Create<OtlpPayload>(
        static (_, _) => throw new NotSupportedException("the monitor only receives OTLP payloads"),
        static context =>
        {
            var payload = context.PayloadAsReadOnlySequence();
            var buffer = ArrayPool<byte>.Shared.Rent((int)payload.Length);
            payload.CopyTo(buffer);
            return new OtlpPayload(buffer, (int)payload.Length);
        });

    public int Length { get; }

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, Length);

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
