using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Monitor.AlertEngine.OpenAlerts;
using Monitor.IntegrationTests.Web.ClientApp;
using Monitor.TestSupport;

namespace Monitor.IntegrationTests.Web.Realtime;

/// <summary>
/// The open alerts as list rows (SyncAlerts) come in parts of at most 1,000 (a browser takes several
/// smaller WebSocket messages faster than one large one), numbered, every open alert once, and
/// nothing else about alerts comes between them when nothing changes.
/// </summary>
public sealed class AlertSnapshotPartsTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SyncAlerts_2500OpenAlerts_ThreeNumberedPartsHoldingEachOnce_NothingElseAboutAlertsBetween()
    {
        await using var monitor = await MonitorHost.StartAsync();
        await AlertStormBrowserTests.RaiseAsync(monitor, 0, 2_500);
        await using var connection = HubTests.Connect(monitor, hub: "/hubs/monitoring?alerts=sync");
        var events = HubTests.Record(connection);
        await connection.StartAsync(Cancel);
        await HubTests.UntilHealthAsync(events);

        Assert.False(await connection.InvokeAsync<bool>("SyncAlerts", null, Cancel));

        var received = await HubTests.ReceivedUntilAsync(events, e => e.Event == "alerts_snapshot" && e.Json.Contains("\"part\":2", StringComparison.Ordinal));
        Assert.DoesNotContain(received, e => e.Event == "alerts_update");
        var parts = received.Where(e => e.Event == "alerts_snapshot").Select(e => JsonDocument.Parse(e.Json).RootElement).ToList();
        Assert.Equal([0, 1, 2], parts.Select(p => p.GetProperty("part").GetInt32()));
        Assert.All(parts, p => Assert.Equal(3, p.GetProperty("parts").GetInt32()));
        Assert.Equal([1000, 1000, 500], parts.Select(p => p.GetProperty("alerts").GetArrayLength()));
        var ids = parts.SelectMany(p => p.GetProperty("alerts").EnumerateArray().Select(a => a.GetProperty("id").GetString())).ToList();
        Assert.Equal(monitor.Get<IAlertFeed>().OpenAlerts.Select(a => a.Id).Order(StringComparer.Ordinal), ids.Order(StringComparer.Ordinal));
    }
}
