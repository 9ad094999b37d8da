using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Google.Protobuf;
using HdrHistogram;
using Microsoft.AspNetCore.SignalR.Client;

namespace Monitor.LoadTests;

/// <summary>
/// Scenario 2: from sending one breaching span to the alerts_update reaching a SignalR client, and,
/// in the same run for the same breach, to Prometheus + Alertmanager's webhook notification
/// (1 s scrape and evaluation, group_wait 0), over many breaches.
/// </summary>
internal static class AlertLatencyScenario
{
    public static async Task<Report> RunAsync(MonitorProcess monitor, int breaches, string command)
    {
        var report = new Report("Alert latency: span sent -> alerts_update at a SignalR client", command);
        var arrived = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        await using var hub = AlertsClient.Create(monitor, job => arrived.TryAdd(job, Stopwatch.GetTimestamp()));
        await hub.StartAsync();
        using var http = new HttpClient { BaseAddress = monitor.Http };
        var latency = new LongHistogram(TimeStamp.Minutes(1), 3);
        var pair = new LongHistogram(TimeStamp.Minutes(1), 3);
        var retried = 0;
        using var prometheus = PrometheusAlertmanager.Missing() is null ? new PrometheusAlertmanager() : null;
        if (prometheus is not null)
        {
            await prometheus.StartAsync(monitor.Web);
        }
        for (var i = -20; i < breaches; i++)
        {
            var job = $"latency-{i}";
            var body = Otlp.Breach(job).ToByteArray();
            var sent = Stopwatch.GetTimestamp();
            retried += await Otlp.ExportAsync(http, "/v1/traces", body);
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
            if (prometheus is not null)
            {
                var until = DateTime.UtcNow.AddSeconds(15);
                long notified;
                while (!prometheus.Notified.TryGetValue(job, out notified))
                {
                    if (DateTime.UtcNow > until)
                    {
                        throw new TimeoutException($"no Alertmanager notification for {job}");
                    }
                    await Task.Delay(5);
                }
                if (i >= 0)
                {
                    pair.RecordValue((long)Stopwatch.GetElapsedTime(sent, notified).TotalMicroseconds);
                }
            }
        }
        report.Latency("monitor: span -> alerts_update", latency);
        report.Figure("breach exports refused and retried (counted in the latency)", retried, "");
        report.Goal("p99 < 150 ms", latency.GetValueAtPercentile(99) < 150_000, $"{latency.GetValueAtPercentile(99) / 1000.0:0.0} ms");
        if (prometheus is null)
        {
            report.Goal("10x faster than Prometheus + Alertmanager", false, $"not measured: {PrometheusAlertmanager.Missing()} is not installed");
            return report;
        }
        report.Latency("Prometheus + Alertmanager: span -> webhook", pair);
        var ratio = (double)pair.GetValueAtPercentile(99) / latency.GetValueAtPercentile(99);
        report.Figure("p99 ratio (Prometheus + Alertmanager / monitor)", ratio, "x");
        report.Goal("at least 10x faster than Prometheus + Alertmanager (p99)", ratio >= 10, $"{ratio:0}x");
        return report;
    }
}
