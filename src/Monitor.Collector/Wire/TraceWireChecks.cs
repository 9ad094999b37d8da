namespace Monitor.Collector.Wire;

/// <summary>
/// Walks the parts of a trace export the monitor does not use (scope, events, links, status
/// message), so that a body malformed there is refused as Google.Protobuf would refuse it.
/// Field numbers from opentelemetry/proto/common/v1/common.proto and trace/v1/trace.proto.
/// </summary>
internal static class TraceWireChecks
{
    /// <summary><c>InstrumentationScope</c>: name = 1, version = 2, attributes = 3, dropped_attributes_count = 4.</summary>
    public static void Scope(ReadOnlySpan<byte> message, int depth) => Check(message, depth, [1, 2], attributes: 3);

    /// <summary><c>Span.Event</c>: time_unix_nano = 1, name = 2, attributes = 3, dropped_attributes_count = 4.</summary>
    public static void Event(ReadOnlySpan<byte> message, int depth) => Check(message, depth, [2], attributes: 3);

    /// <summary><c>Span.Link</c>: trace_id = 1, span_id = 2, trace_state = 3, attributes = 4, dropped = 5, flags = 6.</summary>
    public static void Link(ReadOnlySpan<byte> message, int depth) => Check(message, depth, [3], attributes: 4);

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

    /// <summary>Checks a message whose only fields to look into are strings and a repeated <c>KeyValue</c>.</summary>
    private static void Check(ReadOnlySpan<byte> message, int depth, ReadOnlySpan<int> strings, int attributes)
    {
        var reader = new ProtoWireReader(message);
        while (reader.TryReadTag(out var field, out var type))
        {
            if (type == WireType.LengthDelimited && strings.Contains(field))
            {
                reader.ReadString();
            }
            else if (type == WireType.LengthDelimited && field == attributes)
            {
                WireAnyValue.ReadKeyValue(reader.ReadBytes(), ProtoWireReader.CheckDepth(depth + 1), out _);
            }
            else
            {
                reader.Skip(field, type, depth);
            }
        }
    }
}
