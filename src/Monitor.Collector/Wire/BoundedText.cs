using System.Text;

namespace Monitor.Collector.Wire;

/// <summary>
/// Strings from telemetry, cut to a length the monitor keeps (<c>Collector:MaxAttributeValueLength</c>).
/// A cut string ends in <see cref="Marker"/> so that nobody mistakes it for the whole value, and a
/// surrogate pair is never split (half of one is not text and breaks whoever writes it out).
/// </summary>
internal static class BoundedText
{
    public const string Marker = "…";

    /// <summary><paramref name="value"/>, or its first characters and the marker when it is longer than <paramref name="max"/>.</summary>
    public static string Cut(string value, int max, out bool truncated)
    {
        truncated = value.Length > max;
        if (!truncated)
        {
            return value;
        }
        var keep = max - Marker.Length;
        if (char.IsHighSurrogate(value[keep - 1]))
        {
            keep--;
        }
        return string.Concat(value.AsSpan(0, keep), Marker);
    }

    /// <summary>Decodes UTF-8 (already validated), decoding no more than a cut value needs.</summary>
    public static string FromUtf8(ReadOnlySpan<byte> utf8, int max, out bool truncated)
    {
        // A UTF-8 byte is at most one UTF-16 char: a short one cannot be too long.
        if (utf8.Length <= max)
        {
            truncated = false;
            return Encoding.UTF8.GetString(utf8);
        }
        // Four bytes per char at most: this prefix holds more chars than a cut keeps.
        var prefix = utf8[..(int)Math.Min(utf8.Length, (max + 1L) * 4)];
        return Cut(Encoding.UTF8.GetString(prefix), max, out truncated);
    }

    /// <summary>A message made safe to write: lone surrogates replaced, at most <paramref name="max"/> characters.</summary>
    public static string Safe(string message, int max = 1024)
    {
        var cut = Cut(message, max, out _);
        if (!cut.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF'))
        {
            return cut;
        }
        var builder = new StringBuilder(cut.Length);
        for (var i = 0; i < cut.Length; i++)
        {
            var c = cut[i];
            if (char.IsHighSurrogate(c) && i + 1 < cut.Length && char.IsLowSurrogate(cut[i + 1]))
            {
                builder.Append(c).Append(cut[++i]);
            }
            else
            {
                builder.Append(char.IsSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return builder.ToString();
    }
}
