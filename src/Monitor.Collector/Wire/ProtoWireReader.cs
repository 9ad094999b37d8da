using System.Buffers.Binary;
using System.Text.Unicode;

namespace Monitor.Collector.Wire;

/// <summary>
/// Reads protobuf wire format from a span without building objects: the trace hot path reads the
/// few fields it needs straight from the request bytes (docs/decisions/0008). It refuses what
/// Google.Protobuf refuses — truncated data, zero tags, wire types 6 and 7, unmatched groups,
/// invalid UTF-8 in string fields, nesting past 100 — so a body is malformed for both or for
/// neither (the parity tests compare them).
/// </summary>
internal ref struct ProtoWireReader(ReadOnlySpan<byte> buffer)
{
    /// <summary>Google.Protobuf's default recursion limit.</summary>
    public const int MaxDepth = 100;

    private readonly ReadOnlySpan<byte> _buffer = buffer;
    private int _position;

    /// <summary>Reads the next field's tag; false at the end of the message.</summary>
    public bool TryReadTag(out int field, out WireType type)
    {
        if (_position >= _buffer.Length)
        {
            field = 0;
            type = default;
            return false;
        }
        // Tags are 32-bit varints; like Google.Protobuf, longer encodings keep the low 32 bits.
        var tag = (uint)ReadVarint();
        field = (int)(tag >> 3);
        type = (WireType)(tag & 7);
        if (field == 0)
        {
            throw new MalformedOtlpException("protobuf: a field tag is zero");
        }
        if (type > WireType.Fixed32)
        {
            throw new MalformedOtlpException("protobuf: a field has an invalid wire type");
        }
        return true;
    }

    public ulong ReadVarint()
    {
        ulong result = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (_position >= _buffer.Length)
            {
                throw Truncated();
            }
            var next = _buffer[_position++];
            result |= (ulong)(next & 0x7F) << shift;
            if (next < 0x80)
            {
                return result;
            }
        }
        throw new MalformedOtlpException("protobuf: a varint is longer than 10 bytes");
    }

    public ulong ReadFixed64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    public uint ReadFixed32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    /// <summary>A length-delimited field: bytes or an embedded message.</summary>
    public ReadOnlySpan<byte> ReadBytes()
    {
        var length = ReadVarint();
        // Lengths are 32-bit; a "negative" one is as malformed as one past the end.
        return length > (ulong)(_buffer.Length - _position) ? throw Truncated() : Take((int)length);
    }

    /// <summary>A string field: its UTF-8 bytes, checked to be valid UTF-8.</summary>
    public ReadOnlySpan<byte> ReadString()
    {
        var text = ReadBytes();
        return Utf8.IsValid(text) ? text : throw new MalformedOtlpException("protobuf: a string field is not valid UTF-8");
    }

    /// <summary>Skips a field the reader does not use (unknown fields are ignored, per OTLP).</summary>
    public void Skip(int field, WireType type, int depth)
    {
        switch (type)
        {
            case WireType.Varint:
                ReadVarint();
                break;
            case WireType.Fixed64:
                Take(8);
                break;
            case WireType.LengthDelimited:
                ReadBytes();
                break;
            case WireType.Fixed32:
                Take(4);
                break;
            case WireType.StartGroup:
                SkipGroup(field, CheckDepth(depth + 1));
                break;
            default:
                throw new MalformedOtlpException("protobuf: an end-group tag without its start-group tag");
        }
    }

    /// <summary>The depth of an embedded message, refused past <see cref="MaxDepth"/>.</summary>
    public static int CheckDepth(int depth) =>
        depth > MaxDepth ? throw new MalformedOtlpException($"protobuf: messages nested more than {MaxDepth} deep") : depth;

    private void SkipGroup(int group, int depth)
    {
        while (TryReadTag(out var field, out var type))
        {
            if (type == WireType.EndGroup)
            {
                if (field != group)
                {
                    throw new MalformedOtlpException("protobuf: an end-group tag does not match its start-group tag");
                }
                return;
            }
            Skip(field, type, depth);
        }
        throw Truncated();
    }

    private ReadOnlySpan<byte> Take(int length)
    {
        if (length > _buffer.Length - _position)
        {
            throw Truncated();
        }
        var taken = _buffer.Slice(_position, length);
        _position += length;
        return taken;
    }

    private static MalformedOtlpException Truncated() => new("protobuf: the message is truncated");
}
