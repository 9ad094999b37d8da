using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using HdrHistogram;
using Microsoft.AspNetCore.SignalR.Client;

namespace Monitor.LoadTests;

/// <summary>
/// Scenario 3: N SignalR clients and one that stops reading; each breach's alerts_update must reach
/// every live client quickly. Delivery latency = sending the breach -> a client receiving it. With
/// <c>groups</c>, client i watches pipeline i mod groups (WatchPipeline) and those pipelines send
/// telemetry all along, so every group gets its metrics_update and status_update each second beside
/// the broadcasts, as consoles spread over a fleet would.
/// </summary>
internal static class FanOutScenario
{
    public static async Task<Report> RunAsync(MonitorProcess monitor, int clients, int broadcasts, string command, int groups = 0)
    {
        var report = new Report(groups == 0
            ? $"Fan-out to {clients} SignalR clients (+1 that stops reading)"
            : $"Fan-out to {clients} SignalR clients watching {groups} pipelines (+1 that stops reading)", command);
        var received = new ConcurrentDictionary<string, ConcurrentBag<long>>(StringComparer.Ordinal);
        long messages = 0;
        long messagesBefore = 0;
        var connections = new List<HubConnection>(clients);
        var connectWatch = Stopwatch.StartNew();
        for (var batch = 0; batch < clients; batch += 100)
        {
            var started = Enumerable.Range(batch, Math.Min(100, clients - batch)).Select(async index =>
            {
                var connection = AlertsClient.Create(monitor, job => received.GetOrAdd(job, static _ => []).Add(Stopwatch.GetTimestamp()),
                    () => Interlocked.Increment(ref messages));
                await connection.StartAsync();
                if (groups > 0)
                {
                    await connection.InvokeAsync("WatchPipeline", Watched(index % groups));
                }
                return connection;
            });
            connections.AddRange(await Task.WhenAll(started));
        }
        report.Figure("connect time", connectWatch.Elapsed.TotalSeconds, "s");
        using var stalled = await ConnectWithoutReadingAsync(monitor);
        using var http = new HttpClient { BaseAddress = monitor.Http };
        using var stopFeeding = new CancellationTokenSource();
        var feeding = groups == 0 ? Task.CompletedTask : FeedWatchedAsync(http, groups, stopFeeding.Token);
        var latency = new LongHistogram(TimeStamp.Minutes(1), 3);
        long missing = 0;
        var retried = 0;
        var cpuBefore = 0.0;
        // Two broadcasts first, not timed: the first delivery runs every client's handler cold.
        for (var i = -2; i < broadcasts; i++)
        {
            if (i == 0)
            {
                cpuBefore = monitor.CpuSeconds();
                messagesBefore = Interlocked.Read(ref messages);
            }
            var job = $"fanout-{clients}-{i}";
            var body = Otlp.Breach(job).ToByteArray();
            var sent = Stopwatch.GetTimestamp();
            retried += await Otlp.ExportAsync(http, "/v1/traces", body);
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while ((!received.TryGetValue(job, out var bag) || bag.Count < clients) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(5);
            }
            var arrivals = received.TryGetValue(job, out var got) ? got.ToArray() : [];
            missing += clients - arrivals.Length;
            if (i < 0)
            {
                continue;
            }
            foreach (var at in arrivals)
            {
                latency.RecordValue((long)Stopwatch.GetElapsedTime(sent, at).TotalMicroseconds);
            }
        }
        var cpu = monitor.CpuSeconds() - cpuBefore;
        await stopFeeding.CancelAsync();
        await feeding;
        var delivered = Interlocked.Read(ref messages) - messagesBefore;
        report.Latency("delivery latency", latency);
        // All the monitor did meanwhile (the breaches' ingestion and alerts, fleet summaries, health)
        // divided by every message its clients received.
        report.Figure("messages delivered (every event)", delivered, "");
        report.Figure("monitor CPU per delivered message", delivered == 0 ? 0 : cpu * 1e6 / delivered, "us");
        report.Figure("deliveries missing after 20 s", missing, "");
        report.Figure("breach exports refused and retried (counted in the latency)", retried, "");
        report.Figure("stalled client still connected", stalled.State == WebSocketState.Open ? "yes" : "no");
        report.Goal($"{clients} clients, p99 < 250 ms", latency.TotalCount > 0 && latency.GetValueAtPercentile(99) < 250_000 && missing == 0,
            $"{latency.GetValueAtPercentile(99) / 1000.0:0.0} ms, {missing} missing");
        await Task.WhenAll(connections.Select(c => c.DisposeAsync().AsTask()));
        return report;
    }

    private static string Watched(int group) => $"fanout-watched-{group}";

    /// <summary>A span to each watched pipeline every 200 ms, until stopped: their groups always have news.</summary>
    private static async Task FeedWatchedAsync(HttpClient http, int groups, CancellationToken stop)
    {
        var body = Otlp.Spans(Enumerable.Range(0, groups).Select(Watched)).ToByteArray();
        while (!stop.IsCancellationRequested)
        {
            await Otlp.ExportAsync(http, "/v1/traces", body);
            try
            {
                await Task.Delay(200, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task<ClientWebSocket> ConnectWithoutReadingAsync(MonitorProcess monitor)
    {
        using var negotiate = await monitor.Client.PostAsync("/hubs/monitoring/negotiate?negotiateVersion=1", null);
        var token = (await negotiate.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("connectionToken").GetString();
        var socket = new ClientWebSocket();
        socket.Options.SetBuffer(1024, 1024);
        await socket.ConnectAsync(new Uri($"ws://{monitor.Web.Authority}/hubs/monitoring?id={token}"), CancellationToken.None);
        await socket.SendAsync(Encoding.UTF8.GetBytes("{\"protocol\":\"json\",\"version\":1}\u001e"), WebSocketMessageType.Text, true, CancellationToken.None);
        return socket;
    }
}
