using System.Diagnostics;
using System.Net;
using Google.Protobuf;
using HdrHistogram;

namespace Monitor.LoadTests;

/// <summary>
/// Scenario 4: GET /metrics with N series: time and bytes per scrape, and what the monitor allocates
/// per scrape. With an ingest rate, the scrapes are also timed while spans arrive at that rate (open
/// loop, 512-span exports on a clock), and the exports' latency is compared between phases without
/// scrapes, with a scrape every second (Prometheus at a fast scrape_interval) and with scrapes back to
/// back, taken in turn for several rounds.
/// </summary>
internal static class ScrapeScenario
{
    public static async Task<Report> RunAsync(MonitorProcess monitor, int series, int scrapes, string command, int ingestSpansPerSecond = 0, TimeSpan phase = default, int rounds = 1)
    {
        var report = new Report(ingestSpansPerSecond == 0
            ? $"Scrape /metrics with {series:N0} series"
            : $"Scrape /metrics with {series:N0} series, then while ingesting {ingestSpansPerSecond:N0} spans/s", command);
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
        if (ingestSpansPerSecond > 0)
        {
            await WhileIngestingAsync(monitor, http, report, ingestSpansPerSecond, phase, rounds);
        }
        return report;
    }

    /// <summary>
    /// After a warm-up, the three phases (no scrapes, a scrape every second, scrapes back to back) in turn, <paramref name="rounds"/>
    /// times: a stall of the machine then falls on all three alike rather than on whichever phase it met, and
    /// the goals compare the median of the rounds' p99s, which one stalled phase does not move (a single phase's
    /// p99 moved from 6 to 82 ms between runs of one build).
    /// </summary>
    private static async Task WhileIngestingAsync(MonitorProcess monitor, HttpClient http, Report report, int spansPerSecond, TimeSpan phase, int rounds)
    {
        var body = Otlp.Batch("load-scrape-ingest", 512).ToByteArray();
        // Warm-up, untimed: the ingest and the scrape both, so that neither is timed while the JIT still tiers it.
        await ScrapingAsync(TimeSpan.Zero);
        var quiet = new LongHistogram(TimeStamp.Minutes(1), 3);
        var everySecond = new LongHistogram(TimeStamp.Minutes(1), 3);
        var backToBack = new LongHistogram(TimeStamp.Minutes(1), 3);
        var everySecondScrapes = new List<double>();
        var during = new List<double>();
        long refused = 0;
        var roundP99s = (Quiet: new List<double>(), EverySecond: new List<double>(), BackToBack: new List<double>());
        for (var round = 0; round < rounds; round++)
        {
            var (quietRound, _) = await IngestAsync(http, body, spansPerSecond, phase);
            var (everySecondRound, scrapesRound, refusedEverySecond) = await ScrapingAsync(TimeSpan.FromSeconds(1));
            var (backToBackRound, duringRound, refusedBackToBack) = await ScrapingAsync(TimeSpan.Zero);
            quiet.Add(quietRound);
            everySecond.Add(everySecondRound);
            backToBack.Add(backToBackRound);
            everySecondScrapes.AddRange(scrapesRound);
            during.AddRange(duringRound);
            refused += refusedEverySecond + refusedBackToBack;
            roundP99s.Quiet.Add(P99(quietRound));
            roundP99s.EverySecond.Add(P99(everySecondRound));
            roundP99s.BackToBack.Add(P99(backToBackRound));
        }
        during.Sort();
        var quietP99 = Median(roundP99s.Quiet);
        var everySecondP99 = Median(roundP99s.EverySecond);
        var scrapedP99 = Median(roundP99s.BackToBack);
        report.Figure("scrapes while ingesting (back to back)", during.Count, "");
        report.Figure("scrape time while ingesting, median", during.Count == 0 ? 0 : during[during.Count / 2], "ms");
        report.Figure("scrape time while ingesting, max", during.Count == 0 ? 0 : during[^1], "ms");
        report.Latency($"export latency without scrapes ({rounds} phases)", quiet);
        report.Latency($"export latency with a scrape every second ({rounds} phases, {everySecondScrapes.Count} scrapes)", everySecond);
        report.Latency($"export latency with scrapes back to back ({rounds} phases)", backToBack);
        report.Figure("export p99 per round, ms (without / every second / back to back)", string.Join("; ",
            Enumerable.Range(0, rounds).Select(r => $"{roundP99s.Quiet[r]:0.0} / {roundP99s.EverySecond[r]:0.0} / {roundP99s.BackToBack[r]:0.0}")));
        report.Figure("export p99, median of the rounds, without scrapes", quietP99, "ms");
        report.Figure("export p99, median of the rounds, a scrape every second", everySecondP99, "ms");
        report.Figure("export p99, median of the rounds, scrapes back to back", scrapedP99, "ms");
        report.Figure("exports refused while scraping (both phases)", refused, "");
        report.Goal("scrape while ingesting < 1 s", during.Count > 0 && during[^1] < 1000, $"{(during.Count == 0 ? 0 : during[^1]):0} ms max");
        report.Goal("ingest p99 with a scrape every second within 20 % of without (medians of the rounds)", everySecondP99 <= quietP99 * 1.2, $"{everySecondP99:0.0} ms vs {quietP99:0.0} ms");
        report.Goal("ingest p99 with scrapes back to back within 20 % of without (medians of the rounds)", scrapedP99 <= quietP99 * 1.2, $"{scrapedP99:0.0} ms vs {quietP99:0.0} ms");

        static double P99(LongHistogram latency) => latency.GetValueAtPercentile(99) / 1000.0;
        static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

        // Ingests for a phase while scraping every interval (zero: back to back), as Prometheus would at that interval.
        async Task<(LongHistogram Latency, List<double> Scrapes, long Refused)> ScrapingAsync(TimeSpan interval)
        {
            var scrapes = new List<double>();
            using var stop = new CancellationTokenSource();
            var scraping = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var watch = Stopwatch.StartNew();
                    await monitor.Client.GetByteArrayAsync("/metrics");
                    scrapes.Add(watch.Elapsed.TotalMilliseconds);
                    if (interval > watch.Elapsed)
                    {
                        try
                        {
                            await Task.Delay(interval - watch.Elapsed, stop.Token);
                        }
                        catch (OperationCanceledException)
                        {
                            break;
                        }
                    }
                }
            });
            var (latency, refused) = await IngestAsync(http, body, spansPerSecond, phase);
            await stop.CancelAsync();
            await scraping;
            return (latency, scrapes, refused);
        }
    }

    /// <summary>512-span exports started on a clock at the given rate whatever the answers (open loop).</summary>
    private static async Task<(LongHistogram Latency, long Refused)> IngestAsync(HttpClient http, byte[] body, int spansPerSecond, TimeSpan duration)
    {
        var latency = new LongHistogram(TimeStamp.Minutes(1), 3);
        long refused = 0;
        var exports = new List<Task>();
        var wall = Stopwatch.StartNew();
        long started = 0;
        while (wall.Elapsed < duration)
        {
            if (started >= (long)(wall.Elapsed.TotalSeconds * spansPerSecond / 512))
            {
                await Task.Delay(1);
                continue;
            }
            started++;
            exports.Add(ExportAsync());
        }
        await Task.WhenAll(exports);
        return (latency, refused);

        async Task ExportAsync()
        {
            var begun = Stopwatch.GetTimestamp();
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new("application/x-protobuf");
            using var response = await http.PostAsync("/v1/traces", content);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                Interlocked.Increment(ref refused);
                return;
            }
            lock (latency)
            {
                latency.RecordValue((long)Stopwatch.GetElapsedTime(begun).TotalMicroseconds);
            }
        }
    }
}
