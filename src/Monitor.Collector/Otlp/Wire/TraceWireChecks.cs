namespace Monitor.Collector.Otlp.Wire;

/// <summary>
/// Walks the parts of a trace export the monitor does not use (scope, events, links, status
/// message), so that a body malformed there is refused as Google.Protobuf would refuse it.
/// Field numbers from opentelemetry/proto/common/v1/common.proto and trace/v1/trace.proto.
/// </summary>
internal static class TraceWireChecks
{
    /// <summary><c>InstrumentationScope</c>: name = 1, version = 2, attributes = 3, dropped_attributes_count = 4.</summary>
    public static void Scope(ReadOnlySpan<byte> message, int depth)
    {
        var reader = new ProtoWireReader(message);
        while (reader.TryReadTag(out var field, out var type))
        {
            switch ((field, type))
            {
                case (1, WireType.LengthDelimited) or (2, WireType.LengthDelimited):
                    reader.ReadString();
                    break;
                case (3, WireType.LengthDelimited):
                    KeyValue(reader.ReadBytes(), depth);
                    break;
                default:
                    reader.Skip(field, type, depth);
                    break;
            }
        }
    }

    /// <summary><c>Span.Event</c>: time_unix_nano = 1, name = 2, attributes = 3, dropped_attributes_count = 4.</summary>
    public static void Event(ReadOnlySpan<byte> message, int depth)
    {
        var reader = new ProtoWireReader(message);
        while (reader.TryReadTag(out var field, out var type))
        {
            switch ((field, type))
            {
                case (2, WireType.LengthDelimited):
                    reader.ReadString();
                    break;
                case (3, WireType.LengthDelimited):
                    KeyValue(reader.ReadBytes(), depth);
                    break;
                default:
                    reader.Skip(field, type, depth);
                    break;
            }
        }
    }

    /// <summary><c>Span.Link</c>: trace_id = 1, span_id = 2, trace_state = 3, attributes = 4, dropped = 5, flags = 6.</summary>
    public static void Link(ReadOnlySpan<byte> message, int depth)
    {
        var reader = new ProtoWireReader(message);
        while (reader.TryReadTag(out var field, out var type))
        {
            switch ((field, type))
            {
                case (3, WireType.LengthDelimited):
                    reader.ReadString();
                    break;
                case (4, WireType.LengthDelimited):
                    KeyValue(reader.ReadBytes(), depth);
                    break;
                default:
                    reader.Skip(field, type, depth);
                    break;
            }
        }
    }

    /// <summary><c>Status</c>: message = 2, code = 3. Returns the code if the message sets it, else <paramref name="code"/>.</summary>
    public static int Status(ReadOnlySpan<byte> message, int depth, int code)
    {
        var reader = new ProtoWireReader(message);
        while (reader.TryReadTag(out var field, out var type))
        {
            switch ((field, type))
            {
                case (2, WireType.LengthDelimited):
                    reader.ReadString();
                    break;
                case (3, WireType.Varint):
                    code = (int)reader.ReadVarint();
                    break;
                default:
                    reader.Skip(field, type, depth);
                    break;
            }
        }
        return code;
    }

    private static void KeyValue(ReadOnlySpan<byte> message, int depth) =>
        WireAnyValue.ReadKeyValue(message, ProtoWireReader.CheckDepth(depth + 1), out _);
}
