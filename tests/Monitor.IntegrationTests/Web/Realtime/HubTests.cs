using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Monitor.AlertEngine.Model;
using Monitor.AlertEngine.OpenAlerts;
using Monitor.IntegrationTests.Web.Hosting;
using Monitor.TestSupport;
using Monitor.Web.Fleet;
using Monitor.Web.Realtime;

namespace Monitor.IntegrationTests.Web.Realtime;

/// <summary>The hub with the real SignalR .NET client: state on connect, broadcasts, acknowledge rights, protocols, Origin.</summary>
public sealed class HubTests(HostTests.Host host) : IClassFixture<HostTests.Host>
{
    private MonitorHost Monitor => host.Monitor;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    internal static HubConnection Connect(MonitorHost monitor, string? token = null, bool messagePack = false, string hub = "/hubs/monitoring")
    {
        var builder = new HubConnectionBuilder().WithUrl(new Uri(monitor.WebUri, hub), o =>
        {
            if (token is not null)
            {
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            }
        });
        if (messagePack)
        {
            builder.AddMessagePackProtocol(o => o.SerializerOptions = MessagePackWire.Options);
        }
        builder.ConfigureLogging(l => l.AddProvider(new TestOutputLoggerProvider()).SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Warning));
        return builder.Build();
    }

    /// <summary>Every event the connection receives, as JSON text, in order.</summary>
    internal static Channel<(string Event, string Json)> Record(HubConnection connection)
    {
        var events = Channel.CreateUnbounded<(string, string)>();
        foreach (var name in new[] { "metrics_update", "status_update", "fleet_update", "alerts_snapshot", "alerts_update", "health_check_complete" })
        {
            connection.On<JsonElement>(name, payload => events.Writer.TryWrite((name, payload.GetRawText())));
        }
        return events;
    }

    /// <summary>What the connection received on connect, up to and with the health status (the last of it).</summary>
    internal static Task<List<(string Event, string Json)>> UntilHealthAsync(Channel<(string Event, string Json)> events) =>
        ReceivedUntilAsync(events, e => e.Event == "health_check_complete");

    /// <summary>What the connection received from now up to and with the first event that <paramref name="last"/> matches.</summary>
    internal static async Task<List<(string Event, string Json)>> ReceivedUntilAsync(Channel<(string Event, string Json)> events,
        Func<(string Event, string Json), bool> last)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        timeout.CancelAfter(Poll.DefaultTimeout);
        var received = new List<(string Event, string Json)>();
        do
        {
            received.Add(await events.Reader.ReadAsync(timeout.Token));
        }
        while (!last(received[^1]));
        return received;
    }

    /// <summary>GET /api/alerts/open: the digest and the ids of its rows.</summary>
    private async Task<(string Digest, List<string> Ids)> OpenAlertsOverRestAsync()
    {
        var body = await Monitor.Web.GetFromJsonAsync<JsonElement>("/api/alerts/open", Cancel);
        return (body.GetProperty("digest").GetString()!, [.. body.GetProperty("alerts").EnumerateArray().Select(a => a.GetProperty("id").GetString()!)]);
    }

    internal static async Task<string> NextAsync(Channel<(string Event, string Json)> events, string name, Func<string, bool>? matches = null)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        timeout.CancelAfter(Poll.DefaultTimeout);
        while (true)
        {
            var (received, json) = await events.Reader.ReadAsync(timeout.Token);
            if (received == name && (matches?.Invoke(json) ?? true))
            {
                return json;
            }
        }
    }

    [Fact]
    public async Task Connect_FirstReceivesTheWholeStateThenUpdates()
    {
        var alert = await Alerting.SlowModuleAsync(Monitor, "hub-state");
        await using var connection = Connect(Monitor);
        var events = Record(connection);

        await connection.StartAsync(Cancel);

        var first = await events.Reader.ReadAsync(Cancel);
        Assert.Equal("metrics_update", first.Event);
        // Status, then the fleet summary (whatever the pipelines are by then), then the open alerts.
        var beforeAlerts = new List<string>();
        (string Event, string Json) next;
        while ((next = await events.Reader.ReadAsync(Cancel)).Event != "alerts_update" || !next.Json.Contains(alert.Id, StringComparison.Ordinal))
        {
            beforeAlerts.Add(next.Event);
        }
        Assert.Contains("status_update", beforeAlerts);
        Assert.Contains("fleet_update", beforeAlerts);
        Assert.Contains("\"status\":", await NextAsync(events, "health_check_complete"), StringComparison.Ordinal);
        // The fleet changes (a span of the pipeline): its summary comes to every client.
        await FeedAsync("hub-state");
        var pushed = await NextAsync(events, "fleet_update", json => json.Contains("\"job\":\"hub-state\"", StringComparison.Ordinal));
        Assert.Contains("\"sampleCount\":", pushed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_WithAlertsSync_NoOpenAlertsOnConnect_SyncAlertsWithoutDigest_ListRows_ThenChangesAsWholeAlerts()
    {
        var alert = await Alerting.SlowModuleAsync(Monitor, "hub-summary");
        await using var connection = Connect(Monitor, hub: "/hubs/monitoring?alerts=sync");
        var events = Record(connection);
        await connection.StartAsync(Cancel);
        var onConnect = await UntilHealthAsync(events);

        var synced = await connection.InvokeAsync<bool>("SyncAlerts", null, Cancel);

        Assert.DoesNotContain(onConnect, e => e.Event is "alerts_update" or "alerts_snapshot");
        Assert.False(synced);
        var part = JsonDocument.Parse(await NextAsync(events, "alerts_snapshot")).RootElement;
        Assert.Equal((0, 1), (part.GetProperty("part").GetInt32(), part.GetProperty("parts").GetInt32()));
        var row = part.GetProperty("alerts").EnumerateArray().Single(r => r.GetProperty("id").GetString() == alert.Id);
        Assert.Equal(
            ["count", "id", "labels", "lastSeen", "message", "severity", "status", "timestamp", "type", "version"],
            row.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("hub-summary", row.GetProperty("labels").GetProperty("job").GetString());

        await Monitor.Get<IAlertCommands>().AcknowledgeAsync(alert.Id, "admin", "on it", null, Cancel);

        var change = await NextAsync(events, "alerts_update", json => json.Contains(alert.Id, StringComparison.Ordinal));
        var whole = JsonDocument.Parse(change).RootElement.EnumerateArray().Single(a => a.GetProperty("id").GetString() == alert.Id);
        Assert.Equal(alert.Fingerprint, whole.GetProperty("fingerprint").GetString());
        Assert.Equal("acknowledged", whole.GetProperty("status").GetString());
        Assert.True(whole.GetProperty("version").GetInt64() > row.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task SyncAlerts_WithTheDigestOfTheOpenSetLoadedOverRest_True_NothingSent_AfterAChange_False_TheOpenSetSent()
    {
        var alert = await Alerting.SlowModuleAsync(Monitor, "hub-sync");
        await using var connection = Connect(Monitor, hub: "/hubs/monitoring?alerts=sync");
        var events = Record(connection);
        await connection.StartAsync(Cancel);
        await UntilHealthAsync(events);
        var loaded = await OpenAlertsOverRestAsync();

        var current = await connection.InvokeAsync<bool>("SyncAlerts", loaded.Digest, Cancel);
        // A change made after the answer: the hub writes anything SyncAlerts sent before this change.
        await Monitor.Get<IAlertCommands>().AcknowledgeAsync(alert.Id, "admin", "while the console loaded", null, Cancel);
        var sentWithIt = await ReceivedUntilAsync(events, e => e.Event == "alerts_update" && e.Json.Contains(alert.Id, StringComparison.Ordinal));
        var stale = await connection.InvokeAsync<bool>("SyncAlerts", loaded.Digest, Cancel);

        Assert.True(current);
        Assert.DoesNotContain(sentWithIt, e => e.Event == "alerts_snapshot");
        Assert.Contains(loaded.Ids, id => id == alert.Id);
        Assert.False(stale);
        var part = JsonDocument.Parse(await NextAsync(events, "alerts_snapshot")).RootElement;
        var row = part.GetProperty("alerts").EnumerateArray().Single(r => r.GetProperty("id").GetString() == alert.Id);
        Assert.Equal("acknowledged", row.GetProperty("status").GetString());
    }

    [Fact]
    public async Task SyncAlerts_ADigestLongerThanAnyDigest_RefusedWithAReason()
    {
        await using var connection = Connect(Monitor, hub: "/hubs/monitoring?alerts=sync");
        await connection.StartAsync(Cancel);

        var refused = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<bool>("SyncAlerts", new string('f', 28), Cancel));

        Assert.Contains("digest must be the digest of GET /api/alerts/open", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WatchPipeline_ItsStateAtOnce_ThenOnlyItsUpdates_EveryPipelineInTheFleetSummary()
    {
        await FeedAsync("group-a");
        await FeedAsync("group-b");
        await using var connection = Connect(Monitor);
        var events = Record(connection);
        await connection.StartAsync(Cancel);
        await NextAsync(events, "health_check_complete");

        await connection.InvokeAsync("WatchPipeline", "group-a", Cancel);

        var now = await NextAsync(events, "metrics_update");
        Assert.Equal(["group-a"], Jobs(now));
        Assert.Equal(["group-a"], Jobs(await NextAsync(events, "status_update")));
        var later = await EventsDuringAsync(events, fleetUpdates: 3, feeding: "group-b");
        Assert.All(later.Where(e => e.Event is "metrics_update" or "status_update"), e => Assert.Equal(["group-a"], Jobs(e.Json)));
        Assert.Contains(later, e => e.Event == "metrics_update");
        var fleet = Jobs(later.Last(e => e.Event == "fleet_update").Json);
        Assert.Contains("group-a", fleet);
        Assert.Contains("group-b", fleet);
    }

    [Fact]
    public async Task WatchingNothing_OnlyTheSnapshotThenTheFleetSummary()
    {
        await FeedAsync("group-none");
        await using var connection = Connect(Monitor);
        var events = Record(connection);
        await connection.StartAsync(Cancel);
        await NextAsync(events, "health_check_complete");

        var later = await EventsDuringAsync(events, fleetUpdates: 3, feeding: "group-none");

        Assert.DoesNotContain(later, e => e.Event is "metrics_update" or "status_update");
    }

    [Fact]
    public async Task UnwatchFleet_NoFleetSummaryButAlertsStillCome_WatchFleet_TheSummaryAtOnceThenItsChanges()
    {
        await FeedAsync("fleet-watched");
        await using var console = Connect(Monitor);
        await using var alertsOnly = Connect(Monitor);
        var consoleEvents = Record(console);
        var alertsOnlyEvents = Record(alertsOnly);
        await console.StartAsync(Cancel);
        await alertsOnly.StartAsync(Cancel);
        await NextAsync(alertsOnlyEvents, "health_check_complete");

        await alertsOnly.InvokeAsync("UnwatchFleet", Cancel);
        // A summary already on its way when it left may still come: let one change go by, then listen.
        await EventsDuringAsync(consoleEvents, fleetUpdates: 1, feeding: "fleet-watched");
        while (alertsOnlyEvents.Reader.TryRead(out _))
        {
        }
        await EventsDuringAsync(consoleEvents, fleetUpdates: 2, feeding: "fleet-watched");
        var alert = await Alerting.SlowModuleAsync(Monitor, "fleet-unwatched-alert");
        var meanwhile = await ReceivedUntilAsync(alertsOnlyEvents, e => e.Event == "alerts_update" && e.Json.Contains(alert.Id, StringComparison.Ordinal));

        await alertsOnly.InvokeAsync("WatchFleet", Cancel);
        var now = await NextAsync(alertsOnlyEvents, "fleet_update");
        var later = await EventsDuringAsync(alertsOnlyEvents, fleetUpdates: 1, feeding: "fleet-watched");

        Assert.DoesNotContain(meanwhile, e => e.Event == "fleet_update");
        Assert.Contains("fleet-watched", Jobs(now));
        Assert.Contains(later, e => e.Event == "fleet_update");
    }

    [Fact]
    public async Task UnwatchPipeline_ItsUpdatesStop()
    {
        await FeedAsync("group-left");
        await using var connection = Connect(Monitor);
        var events = Record(connection);
        await connection.StartAsync(Cancel);
        await connection.InvokeAsync("WatchPipeline", "group-left", Cancel);
        await NextAsync(events, "metrics_update", json => Jobs(json).SequenceEqual(["group-left"]));

        await connection.InvokeAsync("UnwatchPipeline", "group-left", Cancel);
        await EventsDuringAsync(events, fleetUpdates: 1, feeding: "group-left");

        var later = await EventsDuringAsync(events, fleetUpdates: 3, feeding: "group-left");
        Assert.DoesNotContain(later, e => e.Event is "metrics_update" or "status_update");
    }

    [Fact]
    public async Task WatchPipeline_NoNameTooLongOrTooMany_Refused()
    {
        await using var connection = Connect(Monitor);
        await connection.StartAsync(Cancel);

        var empty = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync("WatchPipeline", "", Cancel));
        var tooLong = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync("WatchPipeline", new string('j', 257), Cancel));
        for (var i = 0; i < 32; i++)
        {
            await connection.InvokeAsync("WatchPipeline", $"many-{i}", Cancel);
        }
        var tooMany = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync("WatchPipeline", "many-32", Cancel));
        await connection.InvokeAsync("UnwatchPipeline", "many-0", Cancel);
        await connection.InvokeAsync("WatchPipeline", "many-32", Cancel);

        Assert.Contains("1 to 256 characters", empty.Message, StringComparison.Ordinal);
        Assert.Contains("1 to 256 characters", tooLong.Message, StringComparison.Ordinal);
        Assert.Contains("at most 32 pipelines", tooMany.Message, StringComparison.Ordinal);
    }

    private async Task FeedAsync(string job)
    {
        using var response = await Monitor.OtlpHttp.PostAsync("/v1/traces", OtlpRequests.Protobuf(OtlpRequests.Traces(job, OtlpRequests.Span("hooks"))), Cancel);
        response.EnsureSuccessStatusCode();
        await Poll.UntilAsync(() => Task.FromResult(Monitor.Get<MonitorState>().Pipeline(job) is not null), found => found, $"{job} in the fleet");
    }

    /// <summary>
    /// Every event received while the given pipeline gets a span, then its new figures reach the fleet
    /// summary (a snapshot tick), the given number of times: each time a pipeline changed, so every
    /// client watching it got that pipeline's updates.
    /// </summary>
    private async Task<List<(string Event, string Json)>> EventsDuringAsync(Channel<(string Event, string Json)> events, int fleetUpdates, string feeding)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        timeout.CancelAfter(Poll.DefaultTimeout);
        var seen = new List<(string Event, string Json)>();
        for (var i = 0; i < fleetUpdates; i++)
        {
            var before = Monitor.Get<MonitorState>().Pipeline(feeding)?.Status.LastActivity;
            await FeedAsync(feeding);
            while (true)
            {
                var next = await events.Reader.ReadAsync(timeout.Token);
                seen.Add(next);
                if (next.Event == "fleet_update" && LastActivity(next.Json, feeding) is { } at && (before is null || at > before))
                {
                    break;
                }
            }
        }
        return seen;
    }

    private static DateTimeOffset? LastActivity(string fleetJson, string job)
    {
        using var document = JsonDocument.Parse(fleetJson);
        return document.RootElement.EnumerateArray().Where(e => e.GetProperty("job").GetString() == job)
            .Select(e => e.TryGetProperty("lastActivity", out var at) ? at.GetDateTimeOffset() : (DateTimeOffset?)null).FirstOrDefault();
    }

    private static string[] Jobs(string json)
    {
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.EnumerateArray().Select(e => e.GetProperty("job").GetString()!)];
    }

    [Fact]
    public async Task AcknowledgeAlert_AdminOnHub_EveryClientGetsTheChange()
    {
        var alert = await Alerting.SlowModuleAsync(Monitor, "hub-ack");
        await using var admin = Connect(Monitor, MonitorHost.AdminToken);
        await using var watcher = Connect(Monitor, messagePack: true);
        var watched = Channel.CreateUnbounded<PerformanceAlert[]>();
        watcher.On<PerformanceAlert[]>("alerts_update", a => watched.Writer.TryWrite(a));
        await admin.StartAsync(Cancel);
        await watcher.StartAsync(Cancel);

        var outcome = await admin.InvokeAsync<JsonElement>("AcknowledgeAlert", alert.Id, "from the hub", Cancel);

        Assert.Equal("Acknowledged", outcome.GetProperty("result").GetString());
        using var timeout = new CancellationTokenSource(Poll.DefaultTimeout);
        PerformanceAlert[] change;
        do
        {
            change = await watched.Reader.ReadAsync(timeout.Token);
        }
        while (!change.Any(a => a.Id == alert.Id && a.Status == AlertStatus.Acknowledged));
        Assert.Equal("from the hub", change.Single(a => a.Id == alert.Id).AcknowledgeComment);
    }

    [Fact]
    public async Task AcknowledgeAlert_Viewer_Refused()
    {
        var alert = await Alerting.SlowModuleAsync(Monitor, "hub-viewer");
        await using var viewer = Connect(Monitor, MonitorHost.ViewerToken);
        await viewer.StartAsync(Cancel);

        var error = await Assert.ThrowsAsync<HubException>(() => viewer.InvokeAsync<JsonElement>("AcknowledgeAlert", alert.Id, null, Cancel));

        Assert.Contains("unauthorized", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(AlertStatus.Firing, Monitor.Get<IAlertFeed>().OpenAlerts.Single(a => a.Id == alert.Id).Status);
    }

    [Fact]
    public async Task Negotiate_FromAnotherOrigin_403()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hubs/monitoring/negotiate?negotiateVersion=1");
        request.Headers.Add("Origin", "https://evil.example");

        using var response = await Monitor.Web.SendAsync(request, Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
