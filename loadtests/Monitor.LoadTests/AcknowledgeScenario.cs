using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Google.Protobuf;
using HdrHistogram;
using Microsoft.AspNetCore.SignalR.Client;

namespace Monitor.LoadTests;

/// <summary>
/// Scenario 6: 200 acknowledgements a second over REST while spans keep arriving; latency, and none
/// lost. The spans arrive at <c>ingestPerSecond</c> (scenario 1's goal rate, 100,000/s), or with
/// null from one exporter sending back to back (each export as soon as the last is answered).
/// </summary>
internal static class AcknowledgeScenario
{
    public static async Task<Report> RunAsync(MonitorProcess monitor, int perSecond, TimeSpan duration, int? ingestPerSecond, string command)
    {
        var ingest = ingestPerSecond is { } spans ? $"{spans:N0} spans/s" : "from one exporter sending back to back";
        var report = new Report($"Acknowledge under load: {perSecond}/s for {duration.TotalSeconds:0} s while ingesting {ingest}", command);
        // The first second is a warm-up, acknowledged but not timed: new connections, first calls of each code path.
        var warmUp = perSecond;
        var count = warmUp + (int)(perSecond * duration.TotalSeconds);
        var ids = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        await using var hub = new HubConnectionBuilder().WithUrl(new Uri(monitor.Web, "/hubs/monitoring")).Build();
        hub.On<JsonElement>("alerts_update", alerts =>
        {
            foreach (var alert in alerts.EnumerateArray())
            {
                ids.TryAdd(alert.GetProperty("labels").GetProperty("job").GetString()!, alert.GetProperty("id").GetString()!);
            }
        });
        await hub.StartAsync();
        using var http = new HttpClient { BaseAddress = monitor.Http };
        var jobs = Enumerable.Range(0, count).Select(i => $"ack-{i}").ToList();
        foreach (var chunk in jobs.Chunk(500))
        {
            await Otlp.ExportAsync(http, "/v1/traces", Otlp.Breaches(chunk).ToByteArray());
        }
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (jobs.Any(j => !ids.ContainsKey(j)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        using var stop = new CancellationTokenSource();
        long ingested = 0;
        var background = Task.Run(async () =>
        {
            var body = Otlp.Batch("ack-background", 512).ToByteArray();
            var clock = Stopwatch.StartNew();
            while (!stop.IsCancellationRequested)
            {
                if (ingestPerSecond is { } rate && TimeSpan.FromSeconds((double)ingested / rate) - clock.Elapsed is { Ticks: > 0 } wait)
                {
                    await Task.Delay(wait);
                    continue;
                }
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new("application/x-protobuf");
                using var response = await http.PostAsync("/v1/traces", content);
                ingested += response.IsSuccessStatusCode ? 512 : 0;
            }
        });
        var backgroundClock = Stopwatch.StartNew();
        var latency = new LongHistogram(TimeStamp.Minutes(1), 3);
        long failures = 0;
        using var api = new HttpClient { BaseAddress = monitor.Web };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", MonitorProcess.AdminToken);
        var watch = Stopwatch.StartNew();
        var tasks = new List<Task>();
        for (var i = 0; i < count; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / perSecond);
            if (due > watch.Elapsed)
            {
                await Task.Delay(due - watch.Elapsed);
            }
            var id = ids.GetValueOrDefault(jobs[i]);
            var timed = i >= warmUp;
            tasks.Add(Task.Run(async () =>
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await api.PostAsJsonAsync($"/api/alerts/{id}/acknowledge", new { comment = "load" });
                if (timed)
                {
                    lock (latency)
                    {
                        latency.RecordValue((long)Stopwatch.GetElapsedTime(started).TotalMicroseconds);
                    }
                }
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref failures);
                }
            }));
        }
        await Task.WhenAll(tasks);
        var rate = count / watch.Elapsed.TotalSeconds;
        report.Figure("warm-up (acknowledged, not timed)", warmUp, "acknowledgements");
        await stop.CancelAsync();
        await background;
        var ingestedPerSecond = ingested / backgroundClock.Elapsed.TotalSeconds;
        var lost = 0;
        foreach (var job in jobs)
        {
            var alert = await api.GetFromJsonAsync<JsonElement>($"/api/alerts/{ids[job]}");
            lost += alert.GetProperty("status").GetString() == "acknowledged" ? 0 : 1;
        }
        report.Figure("acknowledgements/s achieved", rate, "");
        report.Figure("spans ingested meanwhile", ingestedPerSecond, "spans/s");
        report.Latency("acknowledge latency", latency);
        report.Figure("non-200 answers", failures, "");
        report.Figure("alerts not acknowledged afterwards", lost, "");
        report.Figure("API rate limit for this run", "RateLimit:ApiPerSecond=1000 (default 100 per client address)");
        report.Goal("p99 < 100 ms", latency.GetValueAtPercentile(99) < 100_000, $"{latency.GetValueAtPercentile(99) / 1000.0:0.0} ms");
        report.Goal("none lost", lost == 0 && failures == 0, $"{lost} lost, {failures} failed");
        return report;
    }
}
