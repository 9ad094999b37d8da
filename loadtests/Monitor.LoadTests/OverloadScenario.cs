using System.Diagnostics;
using System.Net;
using Google.Protobuf;
using HdrHistogram;

namespace Monitor.LoadTests;

/// <summary>
/// Scenario 1, overload: ten times as many OTLP/HTTP exporters as the sustainable run, each paced
/// so that together they offer ten times its accepted rate, and none backing off when refused (the
/// worst client: real SDKs wait for Retry-After). The monitor must keep its memory bounded and refuse
/// the excess with 503 + Retry-After instead of letting exports time out or fail. The monitor runs
/// on one CPU (taskset) so that the generator, on the same machine, can offer more than it takes;
/// the sustainable rate is measured first on that same monitor.
/// </summary>
internal static class OverloadScenario
{
    /// <summary>The OpenTelemetry exporters' default export timeout: an answer later than this is a failed export.</summary>
    private static readonly TimeSpan ExportTimeout = TimeSpan.FromSeconds(10);

    public static async Task<Report> RunAsync(MonitorProcess monitor, IngestOutcome sustainable, int exporters, TimeSpan duration, string command)
    {
        var report = new Report($"Ingest at 10x the sustainable rate: {exporters} OTLP/HTTP exporters against a monitor on one CPU", command);
        var target = 10 * sustainable.AcceptedSpansPerSecond;
        var interval = TimeSpan.FromSeconds(exporters * 512 / target);
        var body = Otlp.Batch("load-overload", 512).ToByteArray();
        var accepted = new LongHistogram(TimeStamp.Minutes(1), 3);
        var refused = new LongHistogram(TimeStamp.Minutes(1), 3);
        long failed = 0;
        var rss = new List<double>();
        var cpuBefore = monitor.CpuSeconds();
        using var stop = new CancellationTokenSource(duration);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = exporters })
        {
            BaseAddress = monitor.Http,
            Timeout = ExportTimeout,
        };
        var wall = Stopwatch.StartNew();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                rss.Add(monitor.RssMiB());
                await Task.Delay(250);
            }
        });
        var workers = Enumerable.Range(0, exporters).Select(exporter => Task.Run(async () =>
        {
            // Spread the exporters over one interval, then each sends on its own clock (late ones at once).
            var next = interval * exporter / exporters;
            while (!stop.IsCancellationRequested)
            {
                var wait = next - wall.Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait);
                }
                next += interval;
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var content = new ByteArrayContent(body);
                    content.Headers.ContentType = new("application/x-protobuf");
                    using var response = await http.PostAsync("/v1/traces", content);
                    var micros = (long)Stopwatch.GetElapsedTime(started).TotalMicroseconds;
                    var histogram = response.StatusCode switch
                    {
                        HttpStatusCode.OK => accepted,
                        HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests when response.Headers.RetryAfter is not null => refused,
                        _ => null,
                    };
                    if (histogram is null)
                    {
                        Interlocked.Increment(ref failed);
                        continue;
                    }
                    lock (histogram)
                    {
                        histogram.RecordValue(micros);
                    }
                }
                catch (Exception) when (!stop.IsCancellationRequested)
                {
                    // Timeouts and broken connections: what the monitor must not cause.
                    Interlocked.Increment(ref failed);
                }
                catch (Exception)
                {
                    break;
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);
        await sampler;
        var seconds = wall.Elapsed.TotalSeconds;
        var offered = (accepted.TotalCount + refused.TotalCount + failed) * 512 / seconds;
        var rssMax = rss.Count > 0 ? rss.Max() : monitor.RssMiB();

        report.Figure("sustainable rate (8 exporters, same monitor, just before)", sustainable.AcceptedSpansPerSecond, "spans/s");
        report.Figure("sustainable export latency p99", sustainable.ExportP99Ms, "ms");
        report.Figure("target: 10x sustainable", target, "spans/s");
        report.Figure("offered (sent and answered)", offered, "spans/s");
        report.Figure("offered / sustainable", offered / sustainable.AcceptedSpansPerSecond, "x");
        report.Figure("accepted", accepted.TotalCount * 512 / seconds, "spans/s");
        report.Figure("refused with 503 + Retry-After", refused.TotalCount / seconds, "exports/s");
        report.Figure("failed exports (timeout, error, other status)", failed, "");
        report.Latency("accepted export latency", accepted);
        report.Latency("refusal latency", refused);
        report.Figure("monitor CPU", (monitor.CpuSeconds() - cpuBefore) / seconds, "cores");
        report.Figure("monitor RSS max (sustainable run)", sustainable.RssMaxMiB, "MiB");
        report.Figure("monitor RSS max", rssMax, "MiB");
        report.Goal("offered >= 10x the sustainable rate", offered >= target,
            $"{offered / sustainable.AcceptedSpansPerSecond:0.0}x (the generator shares the monitor's cores)");
        report.Goal("memory bounded: RSS max < 2x the sustainable run's", rssMax < 2 * sustainable.RssMaxMiB, $"{rssMax:0} MiB vs {sustainable.RssMaxMiB:0} MiB");
        report.Goal("excess refused with 503 + Retry-After, no export failed", refused.TotalCount > 0 && failed == 0,
            $"{refused.TotalCount} refused, {failed} failed");
        return report;
    }
}
