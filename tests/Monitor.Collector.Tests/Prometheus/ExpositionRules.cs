using System.Globalization;
using System.Text;

namespace Monitor.Collector.Tests.Prometheus;

/// <summary>
/// The rules of the Prometheus text format (0.0.4) that promtool does not check but Prometheus and
/// every <c>histogram_quantile</c> rely on: each series once, samples under their family's TYPE,
/// histogram buckets with strictly increasing <c>le</c>, cumulative and never negative, ending in
/// <c>+Inf</c> equal to <c>_count</c>; summaries with quantiles in [0, 1] once each and a count that
/// is not negative; counters not negative. Returns every broken rule, one line each.
/// </summary>
internal static class ExpositionRules
{
    public static IReadOnlyList<string> Broken(string exposition)
    {
        var broken = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var families = new Dictionary<string, string>(StringComparer.Ordinal);
        string? family = null;
        string? type = null;
        // Histogram series (labels without le) -> (bounds seen, counts), and their _count.
        var buckets = new Dictionary<string, List<(double Le, double Count)>>(StringComparer.Ordinal);
        var counts = new Dictionary<string, double>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var line in exposition.Split('\n'))
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                Close(family, type, buckets, counts, broken);
                var parts = line.Split(' ');
                family = parts[2];
                type = parts[3];
                if (!families.TryAdd(family, type))
                {
                    broken.Add($"line {lineNumber}: a second TYPE for {family}");
                }
                continue;
            }
            if (line.StartsWith('#'))
            {
                continue;
            }
            if (!TryParse(line, out var name, out var labels, out var value, out var error))
            {
                broken.Add($"line {lineNumber}: {error}: {line}");
                continue;
            }
            var identity = name + "{" + string.Join(",", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")) + "}";
            if (!seen.Add(identity))
            {
                broken.Add($"line {lineNumber}: a second sample of the series {identity}");
            }
            if (family is null || !BelongsTo(name, family, type))
            {
                broken.Add($"line {lineNumber}: {name} is not a sample of the family {family ?? "(none)"} ({type})");
                continue;
            }
            var rest = string.Join(",", labels.Where(l => l.Key != "le").OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));
            switch (type)
            {
                case "counter" when value < 0:
                    broken.Add($"line {lineNumber}: counter {identity} is negative ({value})");
                    break;
                case "histogram" when name == family + "_bucket":
                    if (!labels.TryGetValue("le", out var le) || !TryParseValue(le, out var bound))
                    {
                        broken.Add($"line {lineNumber}: bucket {identity} has no numeric le");
                        break;
                    }
                    if (!buckets.TryGetValue(rest, out var list))
                    {
                        buckets[rest] = list = [];
                    }
                    list.Add((bound, value));
                    break;
                case "histogram" or "summary" when name == family + "_count":
                    if (value < 0 || double.IsNaN(value))
                    {
                        broken.Add($"line {lineNumber}: {identity} is not a count ({value})");
                    }
                    counts[rest] = value;
                    break;
                case "summary" when name == family:
                    if (!labels.TryGetValue("quantile", out var q) || !TryParseValue(q, out var quantile) || quantile is < 0 or > 1 || double.IsNaN(quantile))
                    {
                        broken.Add($"line {lineNumber}: summary sample {identity} has no quantile in [0, 1]");
                    }
                    break;
            }
        }
        Close(family, type, buckets, counts, broken);
        return broken;
    }

    private static void Close(string? family, string? type, Dictionary<string, List<(double Le, double Count)>> buckets, Dictionary<string, double> counts, List<string> broken)
    {
        if (type == "histogram")
        {
            foreach (var (series, list) in buckets)
            {
                for (var i = 0; i < list.Count; i++)
                {
                    if (list[i].Count < 0 || double.IsNaN(list[i].Count))
                    {
                        broken.Add($"{family}{{{series}}}: bucket le={list[i].Le} has count {list[i].Count}");
                    }
                    if (i > 0 && !(list[i].Le > list[i - 1].Le))
                    {
                        broken.Add($"{family}{{{series}}}: le {list[i].Le} after {list[i - 1].Le} is not increasing");
                    }
                    if (i > 0 && list[i].Count < list[i - 1].Count)
                    {
                        broken.Add($"{family}{{{series}}}: bucket le={list[i].Le} ({list[i].Count}) is below le={list[i - 1].Le} ({list[i - 1].Count}): not cumulative");
                    }
                }
                if (list.Count == 0 || !double.IsPositiveInfinity(list[^1].Le))
                {
                    broken.Add($"{family}{{{series}}}: the last bucket is not +Inf");
                }
                else if (!counts.TryGetValue(series, out var count) || count != list[^1].Count)
                {
                    broken.Add($"{family}{{{series}}}: +Inf ({list[^1].Count}) is not _count ({(counts.TryGetValue(series, out var c) ? c : double.NaN)})");
                }
            }
        }
        buckets.Clear();
        counts.Clear();
    }

    private static bool BelongsTo(string name, string family, string? type) => type switch
    {
        "histogram" => name == family + "_bucket" || name == family + "_sum" || name == family + "_count",
        "summary" => name == family || name == family + "_sum" || name == family + "_count",
        _ => name == family,
    };

    /// <summary>One sample line: name, labels (unescaped), value.</summary>
    private static bool TryParse(string line, out string name, out Dictionary<string, string> labels, out double value, out string error)
    {
        labels = new Dictionary<string, string>(StringComparer.Ordinal);
        value = 0;
        error = string.Empty;
        var i = 0;
        while (i < line.Length && line[i] is not ('{' or ' '))
        {
            i++;
        }
        name = line[..i];
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (i < line.Length && line[i] != '}')
            {
                var equals = line.IndexOf('=', i);
                if (equals < 0 || equals + 1 >= line.Length || line[equals + 1] != '"')
                {
                    error = "a label without =\"";
                    return false;
                }
                var labelName = line[i..equals];
                var text = new StringBuilder();
                var j = equals + 2;
                for (; j < line.Length && line[j] != '"'; j++)
                {
                    if (line[j] == '\\' && j + 1 < line.Length)
                    {
                        j++;
                        text.Append(line[j] switch { 'n' => '\n', '\\' => '\\', '"' => '"', _ => '?' });
                    }
                    else
                    {
                        text.Append(line[j]);
                    }
                }
                if (j >= line.Length)
                {
                    error = "an unterminated label value";
                    return false;
                }
                if (!labels.TryAdd(labelName, text.ToString()))
                {
                    error = $"the label {labelName} twice";
                    return false;
                }
                if (text.Length == 0)
                {
                    error = $"the label {labelName} with an empty value (the same series as without it)";
                    return false;
                }
                i = j + 1;
                if (i < line.Length && line[i] == ',')
                {
                    i++;
                }
            }
            i++;
        }
        var fields = line[i..].Trim().Split(' ');
        if (fields.Length is < 1 or > 2 || !TryParseValue(fields[0], out value))
        {
            error = "no value";
            return false;
        }
        return true;
    }

    private static bool TryParseValue(string text, out double value)
    {
        switch (text)
        {
            case "+Inf":
                value = double.PositiveInfinity;
                return true;
            case "-Inf":
                value = double.NegativeInfinity;
                return true;
            case "NaN":
                value = double.NaN;
                return true;
            default:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
    }
}
