using System.Diagnostics;
using System.Net;
using Google.Protobuf;
using HdrHistogram;

namespace Monitor.LoadTests;

/// <summary>
/// Scenario 1, overload: ten times the sustainable rate, open loop. Exports of 512 spans start on a
/// clock at ten times the rate the sustainable run accepted, whether or not earlier ones have been
/// answered (as when ten times as many pipelines report), up to <c>maxInFlight</c> at once (that many
/// exporters). Refused exports are not retried, so the offered load does not back off. The monitor
/// must keep its memory bounded and refuse the excess with 503 + Retry-After instead of letting
/// exports time out or fail. The monitor has its own CPU and the generator the others (MachineSplit),
/// so that the generator can offer more than it takes; the sustainable rate is measured first on that same monitor.
/// </summary>
internal static class OverloadScenario
{
    /// <summary>The OpenTelemetry exporters' default export timeout: an answer later than this is a failed export.</summary>
    private static readonly TimeSpan ExportTimeout = TimeSpan.FromSeconds(10);

    /// <summary>deploy/k8s/deployment.yaml: resources.limits.memory.</summary>
    private const double MemoryLimitMiB = 1024;

    public static async Task<Report> RunAsync(MonitorProcess monitor, IngestOutcome sustainable, int maxInFlight, TimeSpan duration, string command)
    {
        var report = new Report($"Ingest at 10x the sustainable rate, open loop (up to {maxInFlight} exports in flight))", command);
        var target = 10 * sustainable.AcceptedSpansPerSecond;
        var body = Otlp.Batch("load-overload", 512).ToByteArray();
        var accepted = new LongHistogram(TimeStamp.Minutes(1), 3);
        var refused = new LongHistogram(TimeStamp.Minutes(1), 3);
        long failed = 0;
        long started = 0;
        long atCap = 0;
        var rss = new List<double>();
        var cpuBefore = monitor.CpuSeconds();
        using var gc = GcPauseRecorder.Start(monitor.Pid);
        using var slots = new SemaphoreSlim(maxInFlight);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = maxInFlight })
        {
            BaseAddress = monitor.Http,
            Timeout = ExportTimeout,
        };
        var wall = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(duration);
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                rss.Add(monitor.RssMiB());
                await Task.Delay(250);
            }
        });
        // Where accepted exports wait: before a handler (Kestrel's queues) or for a thread (the probe).
        double queuedConnections = 0, queuedRequests = 0, schedulingDelay = 0;
        var signals = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    queuedConnections = Math.Max(queuedConnections, await monitor.SampleAsync("kestrel_queued_connections{"));
                    queuedRequests = Math.Max(queuedRequests, await monitor.SampleAsync("kestrel_queued_requests{"));
                    schedulingDelay = Math.Max(schedulingDelay, await monitor.SampleAsync("monitor_scheduling_delay_seconds{"));
                }
                catch (HttpRequestException)
                {
                }
                await Task.Delay(1000);
            }
        });
        var exports = new List<Task>();
        while (!stop.IsCancellationRequested)
        {
            // Start every export that is due by now; wait a millisecond when none is.
            var due = (long)(wall.Elapsed.TotalSeconds * target / 512);
            if (started >= due)
            {
                await Task.Delay(1);
                continue;
            }
            if (!slots.Wait(0))
            {
                // Every exporter is waiting for an answer: this export is not offered (the generator's limit).
                atCap++;
                started++;
                continue;
            }
            started++;
            exports.Add(ExportAsync());
        }
        await Task.WhenAll(exports);
        await sampler;
        await signals;
        var seconds = duration.TotalSeconds;
        var offered = (accepted.TotalCount + refused.TotalCount + failed) * 512 / seconds;
        var rssMax = rss.Count > 0 ? rss.Max() : monitor.RssMiB();

        report.Figure("sustainable rate (8 exporters, same monitor, just before)", sustainable.AcceptedSpansPerSecond, "spans/s");
        report.Figure("sustainable export latency p99", sustainable.ExportP99Ms, "ms");
        report.Figure("target: 10x sustainable", target, "spans/s");
        report.Figure("offered (sent and answered)", offered, "spans/s");
        report.Figure("offered / sustainable", offered / sustainable.AcceptedSpansPerSecond, "x");
        report.Figure("due but not sent: all exporters waiting", atCap * 512 / seconds, "spans/s");
        report.Figure("accepted", accepted.TotalCount * 512 / seconds, "spans/s");
        report.Figure("refused with 503 + Retry-After", refused.TotalCount / seconds, "exports/s");
        report.Figure("failed exports (timeout, error, other status)", failed, "");
        report.Latency("accepted export latency", accepted);
        report.Latency("refusal latency", refused);
        report.Figure("monitor CPU", (monitor.CpuSeconds() - cpuBefore) / wall.Elapsed.TotalSeconds, "cores");
        report.Figure("max kestrel_queued_connections (read every second)", queuedConnections, "");
        report.Figure("max kestrel_queued_requests", queuedRequests, "");
        report.Figure("max monitor_scheduling_delay_seconds", schedulingDelay * 1000, "ms");
        report.Figure("garbage collections by generation and reason", gc.CollectionsByReason());
        report.Figure("allocations (sampled) by type", gc.Allocations());
        report.Figure("shared ArrayPool out of arrays (new ones allocated)", gc.SharedPoolExhausted, "");
        var pauses = gc.Read();
        report.Figure("GC pauses: count, total, longest", $"{pauses.Count}, {pauses.TotalMs:0} ms, {pauses.MaxMs:0.0} ms");
        report.Figure("monitor RSS max (sustainable run)", sustainable.RssMaxMiB, "MiB");
        report.Figure("monitor RSS max", rssMax, "MiB");
        var recovery = await RecoveryAsync();
        var acceptedRate = accepted.TotalCount * 512 / seconds;
        var excess = Math.Max(0, offered - sustainable.AcceptedSpansPerSecond);
        var refusedRate = refused.TotalCount * 512 / seconds;
        report.Figure("refused / excess over the sustainable rate", excess == 0 ? 0 : 100 * refusedRate / excess, "%");
        report.Figure("after the load: first export accepted within", recovery.TotalSeconds, "s");
        report.Goal("offered >= 5x the sustainable rate", offered >= 5 * sustainable.AcceptedSpansPerSecond,
            $"{offered / sustainable.AcceptedSpansPerSecond:0.0}x");
        report.Goal("refusals >= 80 % of the excess", excess > 0 && refusedRate >= 0.8 * excess, $"{(excess == 0 ? 0 : 100 * refusedRate / excess):0} %");
        report.Goal("accepted export p99 < 1 s", accepted.TotalCount > 0 && accepted.GetValueAtPercentile(99) < 1_000_000,
            $"{accepted.GetValueAtPercentile(99) / 1000.0:0} ms ({acceptedRate:0} spans/s accepted)");
        report.Goal("recovers within 10 s after", recovery < TimeSpan.FromSeconds(10), $"{recovery.TotalSeconds:0.0} s");
        report.Figure("RSS over time (every 2.5 s, MiB)", string.Join(" ", rss.Where((_, i) => i % 10 == 0).Select(r => r.ToString("0", System.Globalization.CultureInfo.InvariantCulture))));
        report.Goal($"memory bounded: RSS max < {MemoryLimitMiB} MiB (the Kubernetes limit in deploy/k8s)", rssMax < MemoryLimitMiB,
            $"{rssMax:0} MiB ({rssMax / sustainable.RssMaxMiB:0.0}x the sustainable run's)");
        report.Goal("excess refused with 503 + Retry-After, no export failed", refused.TotalCount > 0 && failed == 0,
            $"{refused.TotalCount} refused, {failed} failed");
        return report;

        // After the load: how long until an export is accepted again (one every 100 ms, up to 30 s).
        async Task<TimeSpan> RecoveryAsync()
        {
            var since = Stopwatch.StartNew();
            while (since.Elapsed < TimeSpan.FromSeconds(30))
            {
                try
                {
                    using var content = new ByteArrayContent(body);
                    content.Headers.ContentType = new("application/x-protobuf");
                    using var response = await http.PostAsync("/v1/traces", content);
                    if (response.IsSuccessStatusCode)
                    {
                        return since.Elapsed;
                    }
                }
                catch (HttpRequestException)
                {
                }
                catch (TaskCanceledException)
                {
                }
                await Task.Delay(100);
            }
            return since.Elapsed;
        }

        async Task ExportAsync()
        {
            var begun = Stopwatch.GetTimestamp();
            try
            {
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new("application/x-protobuf");
                using var response = await http.PostAsync("/v1/traces", content);
                var micros = (long)Stopwatch.GetElapsedTime(begun).TotalMicroseconds;
                var histogram = response.StatusCode switch
                {
                    HttpStatusCode.OK => accepted,
                    HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests when response.Headers.RetryAfter is not null => refused,
                    _ => null,
                };
                if (histogram is null)
                {
                    Interlocked.Increment(ref failed);
                    return;
                }
                lock (histogram)
                {
                    histogram.RecordValue(micros);
                }
            }
            catch (Exception)
            {
                // Timeouts and broken connections: what the monitor must not cause.
                Interlocked.Increment(ref failed);
            }
            finally
            {
                slots.Release();
            }
        }
    }
}
