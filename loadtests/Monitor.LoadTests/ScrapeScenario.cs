using System.Diagnostics;
using Google.Protobuf;

namespace Monitor.LoadTests;

/// <summary>Scenario 4: GET /metrics with N series: time and bytes per scrape, and what the monitor allocates per scrape.</summary>
internal static class ScrapeScenario
{
    public static async Task<Report> RunAsync(MonitorProcess monitor, int series, int scrapes, string command)
    {
        var report = new Report($"Scrape /metrics with {series:N0} series", command);
        using var http = new HttpClient { BaseAddress = monitor.Http };
        for (var from = 0; from < series; from += 5000)
        {
            await Otlp.ExportAsync(http, "/v1/metrics", Otlp.Gauges("load-scrape", from, Math.Min(5000, series - from)).ToByteArray());
        }
        var text = await monitor.Client.GetStringAsync("/metrics");
        var exposed = text.Split('\n').Count(l => l.StartsWith("load_series{", StringComparison.Ordinal));
        var allocatedBefore = await monitor.SampleAsync("dotnet_gc_heap_total_allocated_bytes_total{");
        var times = new List<double>();
        long bytes = 0;
        for (var i = 0; i < scrapes; i++)
        {
            var watch = Stopwatch.StartNew();
            var body = await monitor.Client.GetByteArrayAsync("/metrics");
            times.Add(watch.Elapsed.TotalMilliseconds);
            bytes = body.Length;
        }
        var allocated = (await monitor.SampleAsync("dotnet_gc_heap_total_allocated_bytes_total{") - allocatedBefore) / (scrapes + 1);
        times.Sort();
        report.Figure("series exposed", exposed, "");
        report.Figure("scrape time median", times[times.Count / 2], "ms");
        report.Figure("scrape time max", times[^1], "ms");
        report.Figure("response size", bytes / 1024.0 / 1024.0, "MiB");
        report.Figure("monitor allocation per scrape (whole process)", allocated / 1024.0, "KiB");
        report.Goal($"{series:N0} series in < 1 s", times[^1] < 1000 && exposed == series, $"{times[^1]:0} ms max, {exposed} series");
        return report;
    }
}
