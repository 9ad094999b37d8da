using System.Globalization;
using System.Text;
using Monitor.Collector.Protocol.Common;

namespace Monitor.Collector.Wire;

/// <summary>
/// An OTLP <c>AnyValue</c> read from the wire without allocating: strings, bytes, arrays and
/// maps stay slices of the request until a value is actually kept (<see cref="ToText()"/>).
/// </summary>
internal readonly ref struct WireAnyValue
{
    private readonly ReadOnlySpan<byte> _bytes;
    private readonly long _integer;
    private readonly double _double;

    private WireAnyValue(AnyValue.ValueOneofCase kind, ReadOnlySpan<byte> bytes, long integer, double number)
    {
        Kind = kind;
        _bytes = bytes;
        _integer = integer;
        _double = number;
        IsPresent = true;
    }

    /// <summary>False for an attribute that was not sent at all.</summary>
    public bool IsPresent { get; }

    /// <summary><see cref="AnyValue.ValueOneofCase.None"/> for a key sent without a value.</summary>
    public AnyValue.ValueOneofCase Kind { get; }

    /// <summary>The UTF-8 bytes of a string value (empty for any other kind).</summary>
    public ReadOnlySpan<byte> Utf8 => Kind == AnyValue.ValueOneofCase.StringValue ? _bytes : default;

    /// <summary>A key sent without a value.</summary>
    public static WireAnyValue Empty => new(AnyValue.ValueOneofCase.None, default, 0, 0);

    /// <summary>Reads an <c>AnyValue</c> message at <paramref name="depth"/>, checking nested arrays and maps.</summary>
    public static WireAnyValue Read(ReadOnlySpan<byte> message, int depth)
    {
        var value = Empty;
        var reader = new ProtoWireReader(message);
        // A oneof: the last value on the wire wins.
        while (reader.TryReadTag(out var field, out var type))
        {
            switch ((field, type))
            {
                case (1, WireType.LengthDelimited):
                    value = new(AnyValue.ValueOneofCase.StringValue, reader.ReadString(), 0, 0);
                    break;
                case (2, WireType.Varint):
                    value = new(AnyValue.ValueOneofCase.BoolValue, default, reader.ReadVarint() != 0 ? 1 : 0, 0);
                    break;
                case (3, WireType.Varint):
                    value = new(AnyValue.ValueOneofCase.IntValue, default, (long)reader.ReadVarint(), 0);
                    break;
                case (4, WireType.Fixed64):
                    value = new(AnyValue.ValueOneofCase.DoubleValue, default, 0, BitConverter.UInt64BitsToDouble(reader.ReadFixed64()));
                    break;
                case (5, WireType.LengthDelimited):
                    var array = reader.ReadBytes();
                    CheckArray(array, ProtoWireReader.CheckDepth(depth + 1));
                    value = new(AnyValue.ValueOneofCase.ArrayValue, array, 0, 0);
                    break;
                case (6, WireType.LengthDelimited):
                    var map = reader.ReadBytes();
                    CheckMap(map, ProtoWireReader.CheckDepth(depth + 1));
                    value = new(AnyValue.ValueOneofCase.KvlistValue, map, 0, 0);
                    break;
                case (7, WireType.LengthDelimited):
                    value = new(AnyValue.ValueOneofCase.BytesValue, reader.ReadBytes(), 0, 0);
                    break;
                default:
                    reader.Skip(field, type, depth);
                    break;
            }
        }
        return value;
    }

    /// <summary>Reads a <c>KeyValue</c> message at <paramref name="depth"/>: its key (UTF-8) and value.</summary>
    public static ReadOnlySpan<byte> ReadKeyValue(ReadOnlySpan<byte> message, int depth, out WireAnyValue value)
    {
        ReadOnlySpan<byte> key = default;
        value = Empty;
        var reader = new ProtoWireReader(message);
        while (reader.TryReadTag(out var field, out var type))
        {
            switch ((field, type))
            {
                case (1, WireType.LengthDelimited):
                    key = reader.ReadString();
                    break;
                case (2, WireType.LengthDelimited):
                    value = Read(reader.ReadBytes(), ProtoWireReader.CheckDepth(depth + 1));
                    break;
                default:
                    reader.Skip(field, type, depth);
                    break;
            }
        }
        return key;
    }

    /// <summary>A double or integer value as a double.</summary>
    public bool TryGetNumber(out double number)
    {
        switch (Kind)
        {
            case AnyValue.ValueOneofCase.DoubleValue:
                number = _double;
                return true;
            case AnyValue.ValueOneofCase.IntValue:
                number = _integer;
                return true;
            default:
                number = 0;
                return false;
        }
    }

    /// <summary>The text form of the value, as <see cref="OtlpAttributes.ToText"/> gives it.</summary>
    public string ToText() => Kind switch
    {
        AnyValue.ValueOneofCase.StringValue => Encoding.UTF8.GetString(_bytes),
        AnyValue.ValueOneofCase.BoolValue => _integer != 0 ? "true" : "false",
        AnyValue.ValueOneofCase.IntValue => _integer.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.DoubleValue => _double.ToString("R", CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.BytesValue => Convert.ToBase64String(_bytes),
        // Rare for the attributes the monitor keeps: decode the message and reuse the one JSON form.
        AnyValue.ValueOneofCase.ArrayValue => OtlpAttributes.ToText(new AnyValue { ArrayValue = ArrayValue.Parser.ParseFrom(_bytes) }),
        AnyValue.ValueOneofCase.KvlistValue => OtlpAttributes.ToText(new AnyValue { KvlistValue = KeyValueList.Parser.ParseFrom(_bytes) }),
        _ => string.Empty,
    };

    /// <summary>The text form cut to <paramref name="max"/> characters (<see cref="BoundedText"/>).</summary>
    public string ToText(int max, out bool truncated) => Kind == AnyValue.ValueOneofCase.StringValue
        ? BoundedText.FromUtf8(_bytes, max, out truncated)
        : BoundedText.Cut(ToText(), max, out truncated);

    private static void CheckArray(ReadOnlySpan<byte> message, int depth)
    {
        var reader = new ProtoWireReader(message);
        while (reader.TryReadTag(out var field, out var type))
        {
            if (field == 1 && type == WireType.LengthDelimited)
            {
                Read(reader.ReadBytes(), ProtoWireReader.CheckDepth(depth + 1));
            }
            else
            {
                reader.Skip(field, type, depth);
            }
        }
    }

    private static void CheckMap(ReadOnlySpan<byte> message, int depth)
    {
        var reader = new ProtoWireReader(message);
        while (reader.TryReadTag(out var field, out var type))
        {
            if (field == 1 && type == WireType.LengthDelimited)
            {
                ReadKeyValue(reader.ReadBytes(), ProtoWireReader.CheckDepth(depth + 1), out _);
            }
            else
            {
                reader.Skip(field, type, depth);
            }
        }
    }
}
