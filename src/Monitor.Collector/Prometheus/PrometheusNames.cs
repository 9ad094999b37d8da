using System.Collections.Frozen;
using System.Text;

namespace Monitor.Collector.Prometheus;

/// <summary>
/// OTLP to Prometheus name translation, after the OpenTelemetry "Prometheus and OpenMetrics
/// compatibility" specification: invalid characters become '_', the unit becomes a suffix,
/// monotonic counters end in '_total', gauges of unit "1" end in '_ratio'.
/// </summary>
internal static class PrometheusNames
{
    private static readonly FrozenDictionary<string, string> UnitWords = new Dictionary<string, string>
    {
        ["d"] = "days", ["h"] = "hours", ["min"] = "minutes", ["s"] = "seconds",
        ["ms"] = "milliseconds", ["us"] = "microseconds", ["ns"] = "nanoseconds",
        ["By"] = "bytes", ["KiBy"] = "kibibytes", ["MiBy"] = "mebibytes", ["GiBy"] = "gibibytes",
        ["TiBy"] = "tebibytes", ["KBy"] = "kilobytes", ["MBy"] = "megabytes", ["GBy"] = "gigabytes",
        ["TBy"] = "terabytes", ["m"] = "meters", ["V"] = "volts", ["A"] = "amperes", ["J"] = "joules",
        ["W"] = "watts", ["g"] = "grams", ["Cel"] = "celsius", ["Hz"] = "hertz", ["%"] = "percent",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, string> PerUnitWords = new Dictionary<string, string>
    {
        ["s"] = "second", ["m"] = "minute", ["h"] = "hour", ["d"] = "day", ["w"] = "week",
        ["mo"] = "month", ["y"] = "year",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The Prometheus metric name for an OTLP metric.</summary>
    /// <param name="counter">a monotonic sum: gets the <c>_total</c> suffix.</param>
    /// <param name="gauge">a gauge or non-monotonic sum: unit "1" becomes <c>_ratio</c>.</param>
    public static string MetricName(string otlpName, string unit, bool counter, bool gauge)
    {
        var name = Sanitize(otlpName, allowColon: true);
        var hadTotal = name.EndsWith("_total", StringComparison.Ordinal);
        if (counter && hadTotal)
        {
            name = name[..^"_total".Length];
        }
        var suffix = UnitSuffix(unit, gauge);
        if (suffix.Length > 0 && !name.EndsWith("_" + suffix, StringComparison.Ordinal) && name != suffix)
        {
            name = name + "_" + suffix;
        }
        if (counter)
        {
            name += "_total";
        }
        return name;
    }

    /// <summary>HELP text: the OTLP description, or the OTLP name and unit when there is none (HELP is never empty).</summary>
    public static string Help(string description, string name, string unit) =>
        description.Length > 0 ? description : unit.Length > 0 ? $"OTLP metric {name} ({unit})" : $"OTLP metric {name}";

    /// <summary>A valid Prometheus label name for an attribute key.</summary>
    public static string LabelName(string key)
    {
        var name = Sanitize(key, allowColon: false);
        if (char.IsAsciiDigit(name[0]))
        {
            return "key_" + name;
        }
        if (name[0] == '_')
        {
            return "key" + name;
        }
        return name;
    }

    internal static string UnitSuffix(string unit, bool gauge)
    {
        if (string.IsNullOrEmpty(unit))
        {
            return string.Empty;
        }
        // Annotations in braces ({request}) carry no unit.
        var braces = unit.IndexOf('{', StringComparison.Ordinal);
        if (braces >= 0)
        {
            var close = unit.IndexOf('}', braces);
            unit = close < 0 ? unit[..braces] : unit.Remove(braces, close - braces + 1);
        }
        unit = unit.Trim();
        if (unit.Length == 0)
        {
            return string.Empty;
        }
        if (unit == "1")
        {
            return gauge ? "ratio" : string.Empty;
        }
        var slash = unit.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            var main = Word(unit[..slash], UnitWords);
            var per = Word(unit[(slash + 1)..], PerUnitWords);
            return (main.Length, per.Length) switch
            {
                (0, 0) => string.Empty,
                (0, _) => "per_" + per,
                (_, 0) => main,
                _ => main + "_per_" + per,
            };
        }
        return Word(unit, UnitWords);
    }

    private static string Word(string unit, FrozenDictionary<string, string> words)
    {
        if (unit.Length == 0)
        {
            return string.Empty;
        }
        return words.TryGetValue(unit, out var word) ? word : Sanitize(unit, allowColon: false).Trim('_');
    }

    /// <summary>Replaces every character outside [a-zA-Z0-9_(:)] by '_' and collapses runs of '_'.</summary>
    internal static string Sanitize(string value, bool allowColon)
    {
        if (value.Length == 0)
        {
            return "_";
        }
        var text = new StringBuilder(value.Length + 1);
        if (char.IsAsciiDigit(value[0]))
        {
            text.Append('_');
        }
        foreach (var c in value)
        {
            var valid = char.IsAsciiLetterOrDigit(c) || c == '_' || (allowColon && c == ':');
            var next = valid ? c : '_';
            if (next == '_' && text.Length > 0 && text[^1] == '_')
            {
                continue;
            }
            text.Append(next);
        }
        return text.ToString();
    }
}
