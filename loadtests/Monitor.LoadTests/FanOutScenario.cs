using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using HdrHistogram;

namespace Monitor.LoadTests;

/// <summary>
/// Scenario 3: N SignalR clients and one that stops reading; each breach's alerts_update must reach
/// every live client quickly. Delivery latency = sending the breach -> a client receiving it. With
/// <c>groups</c>, client i watches pipeline i mod groups (WatchPipeline) and those pipelines send
/// telemetry all along, so every group gets its metrics_update and status_update each second beside
/// the broadcasts, as consoles spread over a fleet would. Without groups the clients show alerts
/// only and leave the fleet's group (UnwatchFleet), unless <c>fleet</c> keeps them in it as a console
/// is: every breach adds a pipeline, so the fleet summary then goes to all of them about once a second.
/// </summary>
internal static class FanOutScenario
{
    public static async Task<Report> RunAsync(MonitorProcess monitor, int clients, int broadcasts, string command, int groups = 0, bool fleet = false)
    {
        var shows = groups > 0 ? $"watching {groups} pipelines and the fleet" : fleet ? "keeping the fleet summary, as consoles" : "showing alerts only (UnwatchFleet)";
        var report = new Report($"Fan-out to {clients} SignalR clients {shows} (+1 that stops reading)", command);
        var received = new ConcurrentDictionary<string, ConcurrentBag<long>>(StringComparer.Ordinal);
        var counts = new HubEventCounts();
        var countsBefore = counts;
        var connections = new List<LeanHubClient>(clients);
        var connectWatch = Stopwatch.StartNew();
        for (var batch = 0; batch < clients; batch += 100)
        {
            var started = Enumerable.Range(batch, Math.Min(100, clients - batch)).Select(async index =>
            {
                var connection = await LeanHubClient.ConnectAsync(monitor.Web,
                    job => received.GetOrAdd(job, static _ => []).Add(Stopwatch.GetTimestamp()),
                    counts, CancellationToken.None);
                if (groups > 0)
                {
                    await connection.InvokeAsync("WatchPipeline", Watched(index % groups), CancellationToken.None);
                }
                else if (!fleet)
                {
                    await connection.InvokeAsync("UnwatchFleet", null, CancellationToken.None);
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
        var pinging = PingAsync(connections, stopFeeding.Token);
        var latency = new LongHistogram(TimeStamp.Minutes(1), 3);
        var firstClient = new LongHistogram(TimeStamp.Minutes(1), 3);
        var lastClient = new LongHistogram(TimeStamp.Minutes(1), 3);
        long missing = 0;
        var retried = 0;
        var cpuBefore = 0.0;
        GcPauseRecorder? gc = null;
        // Two broadcasts first, not timed: the first delivery runs every client's handler cold.
        for (var i = -2; i < broadcasts; i++)
        {
            if (i == 0)
            {
                gc = GcPauseRecorder.Start(monitor.Pid);
                cpuBefore = monitor.CpuSeconds();
                countsBefore = counts.Copy();
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
            if (arrivals.Length > 0)
            {
                firstClient.RecordValue((long)Stopwatch.GetElapsedTime(sent, arrivals.Min()).TotalMicroseconds);
                lastClient.RecordValue((long)Stopwatch.GetElapsedTime(sent, arrivals.Max()).TotalMicroseconds);
            }
        }
        var cpu = monitor.CpuSeconds() - cpuBefore;
        await stopFeeding.CancelAsync();
        await feeding;
        await pinging;
        var delivered = counts.Total - countsBefore.Total;
        report.Latency("delivery latency", latency);
        // The first client's latency is the breach's way through ingestion and the alert engine, then
        // SignalR writing the message into every connection's pipe; from it to the last client's, the sends.
        report.Latency("first client of a breach", firstClient);
        report.Latency("last client of a breach", lastClient);
        // All the monitor did meanwhile (the breaches' ingestion and alerts, fleet summaries, health)
        // divided by every message its clients received.
        report.Figure("messages delivered (every event)", delivered, "");
        report.Figure("messages delivered by event", counts.Describe(countsBefore));
        report.Figure("monitor CPU per delivered message", delivered == 0 ? 0 : cpu * 1e6 / delivered, "us");
        report.Figure("deliveries missing after 20 s", missing, "");
        using (gc)
        {
            var pauses = gc!.Read();
            report.Figure("monitor GC pauses (timed breaches): count, total, longest", $"{pauses.Count}, {pauses.TotalMs:0} ms, {pauses.MaxMs:0.0} ms");
            report.Figure("monitor garbage collections by generation and reason", gc.CollectionsByReason());
            report.Figure("monitor allocations (sampled) by type", gc.Allocations());
            report.Figure("monitor's shared ArrayPool out of arrays (new ones allocated)", gc.SharedPoolExhausted, "");
        }
        report.Figure("breach exports refused and retried (counted in the latency)", retried, "");
        report.Figure("stalled client still connected", stalled.State == WebSocketState.Open ? "yes" : "no");
        report.Figure("clients still connected", connections.Count(c => c.IsOpen), "");
        report.Goal($"{clients} clients, p99 < 250 ms", latency.TotalCount > 0 && latency.GetValueAtPercentile(99) < 250_000 && missing == 0,
            $"{latency.GetValueAtPercentile(99) / 1000.0:0.0} ms, {missing} missing");
        await Task.WhenAll(connections.Select(c => c.DisposeAsync().AsTask()));
        return report;
    }

    /// <summary>Every client pings every 10 s, as SignalR clients do, so the hub keeps them (30 s without a message ends one).</summary>
    private static async Task PingAsync(List<LeanHubClient> connections, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(10));
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                foreach (var connection in connections)
                {
                    await connection.PingAsync(stop);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The run is over.
        }
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
