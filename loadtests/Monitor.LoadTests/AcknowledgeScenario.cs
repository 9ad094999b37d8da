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

/// <summary>Scenario 6: 200 acknowledgements a second over REST while spans keep arriving; latency, and none lost.</summary>
internal static class AcknowledgeScenario
{
    public static async Task<Report> RunAsync(MonitorProcess monitor, int perSecond, TimeSpan duration, string command)
    {
        var report = new Report($"Acknowledge under load: {perSecond}/s for {duration.TotalSeconds:0} s", command);
        var count = (int)(perSecond * duration.TotalSeconds);
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
            using var content = new ByteArrayContent(Otlp.Breaches(chunk).ToByteArray());
            content.Headers.ContentType = new("application/x-protobuf");
            (await http.PostAsync("/v1/traces", content)).EnsureSuccessStatusCode();
        }
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (jobs.Any(j => !ids.ContainsKey(j)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        using var stop = new CancellationTokenSource();
        var background = Task.Run(async () =>
        {
            var body = Otlp.Batch("ack-background", 512).ToByteArray();
            while (!stop.IsCancellationRequested)
            {
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new("application/x-protobuf");
                (await http.PostAsync("/v1/traces", content)).Dispose();
            }
        });
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
            tasks.Add(Task.Run(async () =>
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await api.PostAsJsonAsync($"/api/alerts/{id}/acknowledge", new { comment = "load" });
                lock (latency)
                {
                    latency.RecordValue((long)Stopwatch.GetElapsedTime(started).TotalMicroseconds);
                }
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref failures);
                }
            }));
        }
        await Task.WhenAll(tasks);
        var rate = count / watch.Elapsed.TotalSeconds;
        await stop.CancelAsync();
        await background;
        var lost = 0;
        foreach (var job in jobs)
        {
            var alert = await api.GetFromJsonAsync<JsonElement>($"/api/alerts/{ids[job]}");
            lost += alert.GetProperty("status").GetString() == "acknowledged" ? 0 : 1;
        }
        report.Figure("acknowledgements/s achieved", rate, "");
        report.Latency("acknowledge latency", latency);
        report.Figure("non-200 answers", failures, "");
        report.Figure("alerts not acknowledged afterwards", lost, "");
        report.Figure("API rate limit for this run", "RateLimit:ApiPerSecond=1000 (default 100 per client address)");
        report.Goal("p99 < 100 ms", latency.GetValueAtPercentile(99) < 100_000, $"{latency.GetValueAtPercentile(99) / 1000.0:0.0} ms");
        report.Goal("none lost", lost == 0 && failures == 0, $"{lost} lost, {failures} failed");
        return report;
    }
}
