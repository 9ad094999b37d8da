using System.Globalization;
using System.Text;
using Google.Protobuf.Collections;
using Monitor.Collector.Protocol.Common;

namespace Monitor.Collector.Wire;

/// <summary>Reads OTLP attribute values; lists are short, so a linear scan beats a dictionary.</summary>
internal static class OtlpAttributes
{
    public static AnyValue? Find(RepeatedField<KeyValue> attributes, string key)
    {
        for (var i = 0; i < attributes.Count; i++)
        {
            if (string.Equals(attributes[i].Key, key, StringComparison.Ordinal))
            {
                return attributes[i].Value;
            }
        }
        return null;
    }

    public static string? GetString(RepeatedField<KeyValue> attributes, string key) =>
        Find(attributes, key) is { ValueCase: AnyValue.ValueOneofCase.StringValue } value ? value.StringValue : null;

    /// <summary>A double or integer attribute as a double.</summary>
    public static bool TryGetNumber(AnyValue? value, out double number)
    {
        switch (value?.ValueCase)
        {
            case AnyValue.ValueOneofCase.DoubleValue:
                number = value.DoubleValue;
                return true;
            case AnyValue.ValueOneofCase.IntValue:
                number = value.IntValue;
                return true;
            default:
                number = 0;
                return false;
        }
    }

    /// <summary>The text form of any value, as a Prometheus label value (arrays and maps as JSON).</summary>
    public static string ToText(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString("R", CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.BytesValue => Convert.ToBase64String(value.BytesValue.Span),
        AnyValue.ValueOneofCase.ArrayValue or AnyValue.ValueOneofCase.KvlistValue => ToJson(value),
        _ => string.Empty,
    };

    private static string ToJson(AnyValue value)
    {
        var text = new StringBuilder();
        AppendJson(text, value);
        return text.ToString();
    }

    private static void AppendJson(StringBuilder text, AnyValue value)
    {
        switch (value.ValueCase)
        {
            case AnyValue.ValueOneofCase.ArrayValue:
                text.Append('[');
                for (var i = 0; i < value.ArrayValue.Values.Count; i++)
                {
                    if (i > 0)
                    {
                        text.Append(',');
                    }
                    AppendJson(text, value.ArrayValue.Values[i]);
                }
                text.Append(']');
                break;
            case AnyValue.ValueOneofCase.KvlistValue:
                text.Append('{');
                for (var i = 0; i < value.KvlistValue.Values.Count; i++)
                {
                    if (i > 0)
                    {
                        text.Append(',');
                    }
                    var pair = value.KvlistValue.Values[i];
                    text.Append(System.Text.Json.JsonSerializer.Serialize(pair.Key)).Append(':');
                    AppendJson(text, pair.Value ?? new AnyValue());
                }
                text.Append('}');
                break;
            case AnyValue.ValueOneofCase.StringValue:
                text.Append(System.Text.Json.JsonSerializer.Serialize(value.StringValue));
                break;
            case AnyValue.ValueOneofCase.None:
                text.Append("null");
                break;
            default:
                text.Append(ToText(value));
                break;
        }
    }
}
