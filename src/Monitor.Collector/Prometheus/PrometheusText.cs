using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Monitor.Collector.Prometheus;

/// <summary>
/// Escaping and number formatting of the Prometheus text format (version 0.0.4), kept in one
/// place. Everything a scrape repeats (names, label blocks) is encoded once by the callers.
/// </summary>
internal static class PrometheusText
{
    public static ReadOnlySpan<byte> Inf => "+Inf"u8;

    /// <summary>Escapes a label value: backslash, double quote and line feed.</summary>
    public static string EscapeLabelValue(string value)
    {
        if (value.AsSpan().IndexOfAny('\\', '"', '\n') < 0)
        {
            return value;
        }
        return value.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal);
    }

    /// <summary>Escapes HELP text: backslash and line feed.</summary>
    public static string EscapeHelp(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>Renders <c>name="value",...</c> (no braces) for the given, already valid, label names.</summary>
    public static byte[] EncodeLabels(ReadOnlySpan<KeyValuePair<string, string>> labels)
    {
        var text = new StringBuilder();
        foreach (var (name, value) in labels)
        {
            if (value.Length == 0)
            {
                // An empty label value is the same as no label in Prometheus.
                continue;
            }
            if (text.Length > 0)
            {
                text.Append(',');
            }
            text.Append(name).Append("=\"").Append(EscapeLabelValue(value)).Append('"');
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>The label pairs of an encoded label block (the reverse of <see cref="EncodeLabels"/>).</summary>
    public static KeyValuePair<string, string>[] DecodeLabels(byte[] encoded)
    {
        var text = Encoding.UTF8.GetString(encoded);
        var labels = new List<KeyValuePair<string, string>>();
        var position = 0;
        while (position < text.Length)
        {
            var equals = text.IndexOf('=', position);
            var name = text[position..equals];
            var value = new StringBuilder();
            var i = equals + 2;
            for (; text[i] != '"'; i++)
            {
                if (text[i] == '\\')
                {
                    i++;
                    value.Append(text[i] == 'n' ? '\n' : text[i]);
                }
                else
                {
                    value.Append(text[i]);
                }
            }
            labels.Add(new(name, value.ToString()));
            position = i + 2;
        }
        return [.. labels];
    }

    public static void WriteDouble(IBufferWriter<byte> writer, double value)
    {
        var span = writer.GetSpan(32);
        int written;
        if (double.IsPositiveInfinity(value))
        {
            "+Inf"u8.CopyTo(span);
            written = 4;
        }
        else if (double.IsNegativeInfinity(value))
        {
            "-Inf"u8.CopyTo(span);
            written = 4;
        }
        else if (double.IsNaN(value))
        {
            "NaN"u8.CopyTo(span);
            written = 3;
        }
        else if (value == Math.Floor(value) && Math.Abs(value) < 1e15)
        {
            Utf8Formatter.TryFormat((long)value, span, out written);
        }
        else
        {
            value.TryFormat(span, out written, "R", CultureInfo.InvariantCulture);
        }
        writer.Advance(written);
    }

    public static void WriteLong(IBufferWriter<byte> writer, long value)
    {
        var span = writer.GetSpan(20);
        Utf8Formatter.TryFormat(value, span, out var written);
        writer.Advance(written);
    }

    public static void Write(IBufferWriter<byte> writer, ReadOnlySpan<byte> bytes)
    {
        var span = writer.GetSpan(bytes.Length);
        bytes.CopyTo(span);
        writer.Advance(bytes.Length);
    }

    /// <summary>The bytes of an <c>le</c> or <c>quantile</c> label value for a bound.</summary>
    public static byte[] EncodeBound(double bound)
    {
        var buffer = new ArrayBufferWriter<byte>(32);
        WriteDouble(buffer, bound);
        return buffer.WrittenSpan.ToArray();
    }
}
