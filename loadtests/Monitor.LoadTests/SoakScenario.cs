using System.Diagnostics;
using System.Globalization;
using Google.Protobuf;

namespace Monitor.LoadTests;

/// <summary>Scenario 5: steady load for a long time: RSS and GC over time (30 minutes by default).</summary>
internal static class SoakScenario
{
    public static async Task<Report> RunAsync(MonitorProcess monitor, TimeSpan duration, int spansPerSecond, string command)
    {
        var report = new Report($"Soak: {spansPerSecond:N0} spans/s for {duration}", command);
        var body = Otlp.Batch("load-soak", 512).ToByteArray();
        using var http = new HttpClient { BaseAddress = monitor.Http };
        var samples = new List<(double Seconds, double RssMiB, double PauseSeconds, double Gen2)>();
        var warmUp = TimeSpan.FromTicks(Math.Min(duration.Ticks / 5, TimeSpan.FromMinutes(2).Ticks));
        var watch = Stopwatch.StartNew();
        var interval = TimeSpan.FromSeconds(512.0 / spansPerSecond);
        var next = TimeSpan.Zero;
        var nextSample = TimeSpan.Zero;
        while (watch.Elapsed < duration)
        {
            if (watch.Elapsed >= next)
            {
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new("application/x-protobuf");
                (await http.PostAsync("/v1/traces", content)).Dispose();
                next += interval;
            }
            if (watch.Elapsed >= nextSample)
            {
                samples.Add((watch.Elapsed.TotalSeconds, monitor.RssMiB(),
                    await monitor.SampleAsync("dotnet_gc_pause_time_seconds_total{"),
                    await Gen2Async(monitor)));
                nextSample += TimeSpan.FromSeconds(Math.Max(1, duration.TotalSeconds / 30));
            }
            var wait = next - watch.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait < TimeSpan.FromMilliseconds(50) ? wait : TimeSpan.FromMilliseconds(50));
            }
        }
        var afterWarmUp = samples.Where(s => s.Seconds >= warmUp.TotalSeconds).ToList();
        var baseline = afterWarmUp.Count > 0 ? afterWarmUp[0].RssMiB : samples[0].RssMiB;
        var end = samples[^1];
        var growth = (end.RssMiB - baseline) / baseline * 100;
        report.Figure("RSS after warm-up", baseline, "MiB");
        report.Figure("RSS at the end", end.RssMiB, "MiB");
        report.Figure("RSS growth after warm-up", growth, "%");
        report.Figure("GC pause time, total", end.PauseSeconds * 1000, "ms");
        report.Figure("gen2 collections", end.Gen2, "");
        report.Figure("RSS over time (s: MiB)", string.Join(" ", samples.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Seconds:0}:{s.RssMiB:0}"))));
        report.Goal("RSS growth < 5 % after warm-up", growth < 5, $"{growth:0.0} %");
        report.Goal("no GC pause > 100 ms", false, $"not measured per pause (runtime metrics give the total: {end.PauseSeconds * 1000:0} ms)");
        return report;
    }

    private static async Task<double> Gen2Async(MonitorProcess monitor)
    {
        var text = await monitor.Client.GetStringAsync("/metrics");
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith("dotnet_gc_collections_total{", StringComparison.Ordinal) && l.Contains("gen2", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
    }
}
