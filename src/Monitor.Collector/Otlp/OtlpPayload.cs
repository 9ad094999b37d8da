using System.Buffers;

namespace Monitor.Collector.Otlp;

/// <summary>
/// An OTLP request body as bytes, in a buffer rented from the shared pool (bodies are often past
/// the large-object threshold). Whoever received it disposes it once it is read.
/// </summary>
internal sealed class OtlpPayload : IDisposable
{
    private byte[] _buffer;

    /// <summary>Takes over <paramref name="rented"/>, which must come from <see cref="ArrayPool{T}.Shared"/>.</summary>
    public OtlpPayload(byte[] rented, int length)
    {
        _buffer = rented;
        Length = length;
    }

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
