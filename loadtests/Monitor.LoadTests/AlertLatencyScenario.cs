using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Google.Protobuf;
using HdrHistogram;
using Microsoft.AspNetCore.SignalR.Client;

namespace Monitor.LoadTests;

/// <summary>
/// Scenario 2 (monitor side): from sending one breaching span to the alerts_update reaching a
/// SignalR client, over many breaches. The Prometheus + Alertmanager side of the comparison is
/// not implemented yet (see docs/performance.md).
/// </summary>
internal static class AlertLatencyScenario
{
    public static async Task<Report> RunAsync(MonitorProcess monitor, int breaches, string command)
    {
        var report = new Report("Alert latency: span sent -> alerts_update at a SignalR client", command);
        var arrived = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        await using var hub = new HubConnectionBuilder().WithUrl(new Uri(monitor.Web, "/hubs/monitoring")).Build();
        hub.On<JsonElement>("alerts_update", alerts =>
        {
            var now = Stopwatch.GetTimestamp();
            foreach (var alert in alerts.EnumerateArray())
            {
                arrived.TryAdd(alert.GetProperty("labels").GetProperty("job").GetString()!, now);
            }
        });
        await hub.StartAsync();
        using var http = new HttpClient { BaseAddress = monitor.Http };
        var latency = new LongHistogram(TimeStamp.Minutes(1), 3);
        for (var i = -20; i < breaches; i++)
        {
            var job = $"latency-{i}";
            using var content = new ByteArrayContent(Otlp.Breach(job).ToByteArray());
            content.Headers.ContentType = new("application/x-protobuf");
            var sent = Stopwatch.GetTimestamp();
            (await http.PostAsync("/v1/traces", content)).EnsureSuccessStatusCode();
            var deadline = DateTime.UtcNow.AddSeconds(10);
            long at;
            while (!arrived.TryGetValue(job, out at))
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"no alerts_update for {job}");
                }
                await Task.Delay(1);
            }
            if (i >= 0)
            {
                latency.RecordValue((long)Stopwatch.GetElapsedTime(sent, at).TotalMicroseconds);
            }
        }
        report.Latency("span -> alerts_update", latency);
        report.Goal("p99 < 150 ms", latency.GetValueAtPercentile(99) < 150_000, $"{latency.GetValueAtPercentile(99) / 1000.0:0.0} ms");
        report.Goal("10x faster than Prometheus + Alertmanager", false, "not measured: the side-by-side run is not implemented yet");
        return report;
    }
}
