using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Google.Protobuf;
using HdrHistogram;

namespace Monitor.LoadTests;

/// <summary>
/// Scenario 2: from sending one breaching span to the alerts_update reaching a SignalR client, and,
/// in the same run for the same breach, to a page at a webhook behind Alertmanager (group_wait 0)
/// by two paths: the monitor posting its alert to Alertmanager, and Prometheus (1 s scrape and
/// evaluation) firing an equivalent rule into the same Alertmanager. The monitor's share of its path
/// (span sent -> alert accepted by Alertmanager's API) and Alertmanager's (accepted -> webhook) are
/// reported apart. Then, in the same run, a window rule: a new pipeline's batch over the error-rate
/// threshold -> its alerts_update.
/// </summary>
internal static class AlertLatencyScenario
{
    public static async Task<Report> RunAsync(MonitorProcess monitor, int breaches, int? alertmanagerPort, string command)
    {
        var report = new Report("Alert latency: span sent -> alerts_update at a SignalR client", command);
        var arrived = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        await using var hub = AlertsClient.Create(monitor, job => arrived.TryAdd(job, Stopwatch.GetTimestamp()));
        await hub.StartAsync();
        using var http = new HttpClient { BaseAddress = monitor.Http };
        var latency = new LongHistogram(TimeStamp.Minutes(1), 3);
        var prometheusPath = new LongHistogram(TimeStamp.Minutes(1), 3);
        var monitorPath = new LongHistogram(TimeStamp.Minutes(1), 3);
        var sentAt = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var retried = 0;
        using var prometheus = alertmanagerPort is not null ? new PrometheusAlertmanager() : null;
        if (prometheus is not null)
        {
            await prometheus.StartAsync(monitor.Web, alertmanagerPort!.Value);
        }
        for (var i = -20; i < breaches; i++)
        {
            var job = $"latency-{i}";
            var body = Otlp.Breach(job).ToByteArray();
            var sent = Stopwatch.GetTimestamp();
            sentAt[job] = DateTimeOffset.UtcNow;
            retried += await Otlp.ExportAsync(http, "/v1/traces", body);
            var at = await WaitAsync(() => arrived.TryGetValue(job, out var t) ? t : null, TimeSpan.FromSeconds(10), $"no alerts_update for {job}");
            if (i >= 0)
            {
                latency.RecordValue((long)Stopwatch.GetElapsedTime(sent, at).TotalMicroseconds);
            }
            if (prometheus is null)
            {
                continue;
            }
            var viaMonitor = await WaitAsync(() => prometheus.Notified.TryGetValue(PrometheusAlertmanager.Key("slow_module", job), out var n) ? n.Timestamp : null,
                TimeSpan.FromSeconds(15), $"no page of the monitor's alert for {job}");
            var viaPrometheus = await WaitAsync(() => prometheus.Notified.TryGetValue(PrometheusAlertmanager.Key(PrometheusAlertmanager.PrometheusAlert, job), out var n) ? n.Timestamp : null,
                TimeSpan.FromSeconds(15), $"no page of Prometheus' alert for {job}");
            if (i >= 0)
            {
                monitorPath.RecordValue((long)Stopwatch.GetElapsedTime(sent, viaMonitor).TotalMicroseconds);
                prometheusPath.RecordValue((long)Stopwatch.GetElapsedTime(sent, viaPrometheus).TotalMicroseconds);
            }
        }
        // A window rule: a new pipeline's first batch (40 spans, 1 in 4 failed) puts its error rate
        // over the critical threshold at once; error_rate is the only rule it breaks.
        var window = new LongHistogram(TimeStamp.Minutes(1), 3);
        for (var i = -20; i < breaches; i++)
        {
            var job = $"latency-window-{i}";
            var body = Otlp.FailingBatch(job, 40).ToByteArray();
            var sent = Stopwatch.GetTimestamp();
            retried += await Otlp.ExportAsync(http, "/v1/traces", body);
            var at = await WaitAsync(() => arrived.TryGetValue(job, out var t) ? t : null, TimeSpan.FromSeconds(10), $"no alerts_update for {job}");
            if (i >= 0)
            {
                window.RecordValue((long)Stopwatch.GetElapsedTime(sent, at).TotalMicroseconds);
            }
        }
        report.Latency("monitor: span -> alerts_update", latency);
        report.Latency("monitor, window rule (error_rate): batch -> alerts_update", window);
        report.Figure("breach exports refused and retried (counted in the latency)", retried, "");
        report.Goal("p99 < 150 ms", latency.GetValueAtPercentile(99) < 150_000, $"{latency.GetValueAtPercentile(99) / 1000.0:0.0} ms");
        report.Goal("event rule (slow_module) p99 < 20 ms", latency.GetValueAtPercentile(99) < 20_000, $"{latency.GetValueAtPercentile(99) / 1000.0:0.0} ms");
        report.Goal("window rule (error_rate) p99 < 70 ms", window.GetValueAtPercentile(99) < 70_000, $"{window.GetValueAtPercentile(99) / 1000.0:0.0} ms");
        if (prometheus is null)
        {
            report.Goal("10x faster than Prometheus + Alertmanager", false, $"not measured: {PrometheusAlertmanager.Missing()} is not installed");
            return report;
        }
        var (monitorShare, alertmanagerShare) = await SharesAsync(monitor, prometheus, sentAt, breaches);
        report.Latency("monitor: span sent -> alert accepted by Alertmanager's API (the monitor's share)", monitorShare);
        report.Latency("Alertmanager: accepted -> webhook (its share, group_wait 0)", alertmanagerShare);
        report.Latency("monitor + Alertmanager: span -> webhook", monitorPath);
        report.Latency("Prometheus + Alertmanager: span -> webhook", prometheusPath);
        report.Goal("the monitor's share p99 < 50 ms", monitorShare.GetValueAtPercentile(99) < 50_000,
            $"{monitorShare.GetValueAtPercentile(99) / 1000.0:0.0} ms");
        var ratio = (double)prometheusPath.GetValueAtPercentile(99) / latency.GetValueAtPercentile(99);
        report.Figure("p99 ratio (Prometheus + Alertmanager / monitor to its console)", ratio, "x");
        report.Goal("at least 10x faster than Prometheus + Alertmanager (p99)", ratio >= 10, $"{ratio:0}x");
        return report;
    }

    /// <summary>
    /// Splits the monitor's path at the moment Alertmanager accepted the alert (the delivery's sentAt,
    /// taken by the monitor on the same machine's clock): before is the monitor's, after Alertmanager's.
    /// </summary>
    private static async Task<(LongHistogram Monitor, LongHistogram Alertmanager)> SharesAsync(MonitorProcess monitor, PrometheusAlertmanager prometheus,
        Dictionary<string, DateTimeOffset> sentAt, int breaches)
    {
        var monitorShare = new LongHistogram(TimeStamp.Minutes(1), 3);
        var alertmanagerShare = new LongHistogram(TimeStamp.Minutes(1), 3);
        for (var i = 0; i < breaches; i++)
        {
            var job = $"latency-{i}";
            // Only the breach's own alert: two minutes after its one span the pipeline is also inactive.
            var alerts = await monitor.Client.GetFromJsonAsync<JsonElement>($"/api/alerts?job={job}&type=slow_module");
            var id = alerts.GetProperty("items")[0].GetProperty("id").GetString()!;
            var notifications = await monitor.Client.GetFromJsonAsync<JsonElement>($"/api/alerts/{id}/notifications");
            var accepted = notifications.EnumerateArray().First(n => n.GetProperty("kind").GetString() == "alerts").GetProperty("sentAt").GetDateTimeOffset();
            var paged = prometheus.Notified[PrometheusAlertmanager.Key("slow_module", job)].Wall;
            monitorShare.RecordValue(Math.Max(0, (long)(accepted - sentAt[job]).TotalMicroseconds));
            alertmanagerShare.RecordValue(Math.Max(0, (long)(paged - accepted).TotalMicroseconds));
        }
        return (monitorShare, alertmanagerShare);
    }

    private static async Task<long> WaitAsync(Func<long?> probe, TimeSpan within, string failure)
    {
        var deadline = DateTime.UtcNow + within;
        while (probe() is not { } value)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(failure);
            }
            await Task.Delay(1);
        }
        return probe()!.Value;
    }
}
