using System.Buffers.Binary;

namespace Monitor.Collector.Pipeline;

/// <summary>
/// A span's 16-byte trace id, held as two numbers: read from the wire without allocating, compared and
/// hashed as numbers. <see cref="System.Diagnostics.ActivityTraceId"/> keeps its 32-character hex string
/// instead, 88 bytes for every span decoded (docs/performance.md, "Ingest hot path"); the hex is written
/// only where an id is shown or stored.
/// </summary>
public readonly record struct TraceId(ulong High, ulong Low)
{
    public const int ByteLength = 16;

    /// <summary>The id whose big-endian bytes (as on the wire) are <paramref name="bytes"/> (16 of them).</summary>
    public static TraceId FromBytes(ReadOnlySpan<byte> bytes) =>
        new(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..ByteLength]));

    /// <summary>The id of 32 hex digits (W3C trace context), either case.</summary>
    public static TraceId Parse(string hex) =>
        hex.Length == 2 * ByteLength ? FromBytes(Convert.FromHexString(hex)) : throw new FormatException("a trace id is 32 hex digits.");

    /// <summary>32 lowercase hex digits, as W3C trace context and OTLP/JSON write it.</summary>
    public string ToHexString()
    {
        Span<byte> bytes = stackalloc byte[ByteLength];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, High);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], Low);
        return Convert.ToHexStringLower(bytes);
    }

    public override string ToString() => ToHexString();
}
