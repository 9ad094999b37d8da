using System.Buffers.Binary;

namespace Monitor.Collector.Pipeline;

/// <summary>A span's 8-byte id as a number, for the reason <see cref="TraceId"/> gives.</summary>
public readonly record struct SpanId(ulong Value)
{
    public const int ByteLength = 8;

    /// <summary>The id whose big-endian bytes (as on the wire) are <paramref name="bytes"/> (8 of them).</summary>
    public static SpanId FromBytes(ReadOnlySpan<byte> bytes) => new(BinaryPrimitives.ReadUInt64BigEndian(bytes[..ByteLength]));

    /// <summary>The id of 16 hex digits, either case.</summary>
    public static SpanId Parse(string hex) =>
        hex.Length == 2 * ByteLength ? FromBytes(Convert.FromHexString(hex)) : throw new FormatException("a span id is 16 hex digits.");

    /// <summary>16 lowercase hex digits.</summary>
    public string ToHexString()
    {
        Span<byte> bytes = stackalloc byte[ByteLength];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, Value);
        return Convert.ToHexStringLower(bytes);
    }

    public override string ToString() => ToHexString();
}
