using System.Globalization;
using System.Text;
using System.Text.Json;
using HdrHistogram;

namespace Monitor.LoadTests;

/// <summary>One scenario's figures, its goals (met or not) and the command that reproduces it.</summary>
internal sealed class Report(string scenario, string command)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private readonly List<(string Name, string Value)> _figures = [];
    private readonly List<(string Goal, bool Met, string Measured)> _goals = [];

    public string Scenario => scenario;

    public bool AllGoalsMet => _goals.All(g => g.Met);

    public void Figure(string name, double value, string unit) =>
        _figures.Add((name, string.Create(CultureInfo.InvariantCulture, $"{value:0.##} {unit}").TrimEnd()));

    public void Figure(string name, string value) => _figures.Add((name, value));

    /// <summary>Latency percentiles (microsecond histogram) as figures, in milliseconds.</summary>
    public void Latency(string name, LongHistogram micros)
    {
        if (micros.TotalCount == 0)
        {
            Figure($"{name} count", 0, "");
            return;
        }
        Figure($"{name} p50", micros.GetValueAtPercentile(50) / 1000.0, "ms");
        Figure($"{name} p99", micros.GetValueAtPercentile(99) / 1000.0, "ms");
        Figure($"{name} max", micros.GetMaxValue() / 1000.0, "ms");
        Figure($"{name} count", micros.TotalCount, "");
    }

    public void Goal(string goal, bool met, string measured) => _goals.Add((goal, met, measured));

    public string Markdown()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"## {scenario}");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"`{command}`");
        text.AppendLine();
        text.AppendLine("| figure | value |");
        text.AppendLine("| --- | ---: |");
        foreach (var (name, value) in _figures)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {value} |");
        }
        if (_goals.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("| goal | measured | met |");
            text.AppendLine("| --- | --- | --- |");
            foreach (var (goal, met, measured) in _goals)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| {goal} | {measured} | {(met ? "yes" : "**no**")} |");
            }
        }
        return text.ToString();
    }

    public object Json() => new
    {
        scenario,
        command,
        figures = _figures.ToDictionary(f => f.Name, f => f.Value),
        goals = _goals.Select(g => new { g.Goal, g.Met, g.Measured }),
    };

    public static void Write(IReadOnlyList<Report> reports, string folder, string header)
    {
        Directory.CreateDirectory(folder);
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var markdown = header + "\n\n" + string.Join("\n", reports.Select(r => r.Markdown()));
        File.WriteAllText(Path.Combine(folder, $"load-{stamp}.md"), markdown);
        File.WriteAllText(Path.Combine(folder, $"load-{stamp}.json"),
            JsonSerializer.Serialize(new { header, reports = reports.Select(r => r.Json()) }, Indented));
        Console.WriteLine(markdown);
    }
}
