using System.Diagnostics;
using System.Globalization;
using Google.Protobuf;

namespace Monitor.LoadTests;

/// <summary>
/// Scenario 5: steady load for a long time (30 minutes by default): RSS over time, and every GC
/// pause of the monitor read from the runtime's events (<see cref="GcPauseRecorder"/>).
/// </summary>
internal static class SoakScenario
{
    public static async Task<Report> RunAsync(MonitorProcess monitor, TimeSpan duration, int spansPerSecond, string command)
    {
        var report = new Report($"Soak: {spansPerSecond:N0} spans/s for {duration}", command);
        var body = Otlp.Batch("load-soak", 512).ToByteArray();
        using var http = new HttpClient { BaseAddress = monitor.Http };
        using var gc = GcPauseRecorder.Start(monitor.Pid);
        var cpuBefore = monitor.CpuSeconds();
        var refusals = 0;
        var samples = new List<(double Seconds, double RssMiB, double Gen2)>();
        var warmUp = TimeSpan.FromTicks(Math.Min(duration.Ticks / 5, TimeSpan.FromMinutes(2).Ticks));
        var watch = Stopwatch.StartNew();
        var interval = TimeSpan.FromSeconds(512.0 / spansPerSecond);
        var next = TimeSpan.Zero;
        var nextSample = TimeSpan.Zero;
        while (watch.Elapsed < duration)
        {
            if (watch.Elapsed >= next)
            {
                refusals += await Otlp.ExportAsync(http, "/v1/traces", body);
                next += interval;
            }
            if (watch.Elapsed >= nextSample)
            {
                samples.Add((watch.Elapsed.TotalSeconds, monitor.RssMiB(), await Gen2Async(monitor)));
                nextSample += TimeSpan.FromSeconds(Math.Max(1, duration.TotalSeconds / 30));
            }
            var wait = next - watch.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait < TimeSpan.FromMilliseconds(50) ? wait : TimeSpan.FromMilliseconds(50));
            }
        }
        var seconds = watch.Elapsed.TotalSeconds;
        var cores = (monitor.CpuSeconds() - cpuBefore) / seconds;
        // The GC events arrive through EventPipe's buffers: give the last ones a moment.
        await Task.Delay(TimeSpan.FromSeconds(2));
        var pauses = gc.Read();
        var afterWarmUp = samples.Where(s => s.Seconds >= warmUp.TotalSeconds).ToList();
        var baseline = afterWarmUp.Count > 0 ? afterWarmUp[0].RssMiB : samples[0].RssMiB;
        var end = samples[^1];
        var growth = (end.RssMiB - baseline) / baseline * 100;
        report.Figure("monitor CPU", cores, "cores");
        report.Figure("exports refused and retried", refusals, "");
        report.Figure("RSS after warm-up", baseline, "MiB");
        report.Figure("RSS at the end", end.RssMiB, "MiB");
        report.Figure("RSS max", samples.Max(s => s.RssMiB), "MiB");
        report.Figure("RSS growth after warm-up", growth, "%");
        report.Figure("GC pauses", pauses.Count, "");
        report.Figure("GC pause total", pauses.TotalMs, "ms");
        report.Figure("GC pause p99", pauses.P99Ms, "ms");
        report.Figure("GC pause max", pauses.MaxMs, "ms");
        report.Figure("gen2 collections", end.Gen2, "");
        report.Figure("RSS over time (s: MiB)", string.Join(" ", samples.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Seconds:0}:{s.RssMiB:0}"))));
        report.Goal("RSS growth < 5 % after warm-up", growth < 5, $"{growth:0.0} %");
        report.Goal("no GC pause > 100 ms", pauses.Count > 0 && pauses.MaxMs <= 100, $"longest of {pauses.Count} pauses: {pauses.MaxMs:0.0} ms");
        return report;
    }

    private static async Task<double> Gen2Async(MonitorProcess monitor)
    {
        var text = await monitor.Client.GetStringAsync("/metrics");
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith("dotnet_gc_collections_total{", StringComparison.Ordinal) && l.Contains("gen2", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
    }
}
