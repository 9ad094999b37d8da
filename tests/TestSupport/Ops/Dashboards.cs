using System.Text.Json;

namespace Monitor.TestSupport;

/// <summary>The provisioned Grafana dashboards, read as JSON.</summary>
internal static class Dashboards
{
    public static string Folder => Path.Combine(Repository.Root, "grafana", "dashboards");

    public static IEnumerable<(string File, JsonElement Dashboard)> All() =>
        Directory.GetFiles(Folder, "*.json").Order().Select(f => (Path.GetFileName(f), JsonDocument.Parse(File.ReadAllText(f)).RootElement));

    /// <summary>The panels that show data; rows (<c>"type": "row"</c>) only group them and have no query.</summary>
    public static IEnumerable<(string File, JsonElement Panel)> Panels() =>
        All().SelectMany(d => d.Dashboard.GetProperty("panels").EnumerateArray().Where(p => p.GetProperty("type").GetString() != "row").Select(p => (d.File, p)));

    public static IEnumerable<(string File, string Panel, string Query)> PrometheusQueries() =>
        Panels().SelectMany(p => p.Panel.GetProperty("targets").EnumerateArray()
            .Where(t => t.TryGetProperty("expr", out _))
            .Select(t => (p.File, p.Panel.GetProperty("title").GetString()!, t.GetProperty("expr").GetString()!)));

    public static IEnumerable<(string File, string Panel, string Sql)> SqlQueries() =>
        Panels().SelectMany(p => p.Panel.GetProperty("targets").EnumerateArray()
            .Where(t => t.TryGetProperty("rawSql", out _))
            .Select(t => (p.File, p.Panel.GetProperty("title").GetString()!, t.GetProperty("rawSql").GetString()!)));

    /// <summary>A panel query as Grafana sends it, for the given pipeline.</summary>
    public static string Substitute(string query, string job) =>
        query.Replace("$job", job, StringComparison.Ordinal)
            .Replace("$__rate_interval", "1m", StringComparison.Ordinal)
            .Replace("$__range", "5m", StringComparison.Ordinal);
}
