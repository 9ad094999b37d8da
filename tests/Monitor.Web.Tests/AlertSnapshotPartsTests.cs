using System.Text.Json;
using Monitor.AlertEngine.Lifecycle;
using Monitor.TestSupport;
using Monitor.Web.Tests.Browser;

namespace Monitor.Web.Tests;

/// <summary>
/// The open alerts on connect as list rows come in parts of at most 1,000 (a browser takes several
/// smaller WebSocket messages faster than one large one), numbered, every open alert once, and
/// nothing else about alerts comes between them when nothing changes.
/// </summary>
public sealed class AlertSnapshotPartsTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Connect_AskingForAlertSummaries_2500OpenAlerts_ThreeNumberedPartsHoldingEachOnce()
    {
        await using var monitor = await MonitorHost.StartAsync();
        await AlertStormBrowserTests.RaiseAsync(monitor, 0, 2_500);
        await using var connection = HubTests.Connect(monitor, hub: "/hubs/monitoring?alerts=summary");
        var events = HubTests.Record(connection);

        await connection.StartAsync(Cancel);

        var parts = new List<JsonElement>();
        (string Event, string Json) next;
        while ((next = await events.Reader.ReadAsync(Cancel)).Event != "health_check_complete")
        {
            Assert.NotEqual("alerts_update", next.Event);
            if (next.Event == "alerts_snapshot")
            {
                parts.Add(JsonDocument.Parse(next.Json).RootElement);
            }
        }
        Assert.Equal([0, 1, 2], parts.Select(p => p.GetProperty("part").GetInt32()));
        Assert.All(parts, p => Assert.Equal(3, p.GetProperty("parts").GetInt32()));
        Assert.Equal([1000, 1000, 500], parts.Select(p => p.GetProperty("alerts").GetArrayLength()));
        var ids = parts.SelectMany(p => p.GetProperty("alerts").EnumerateArray().Select(a => a.GetProperty("id").GetString())).ToList();
        Assert.Equal(monitor.Get<IAlertFeed>().OpenAlerts.Select(a => a.Id).Order(StringComparer.Ordinal), ids.Order(StringComparer.Ordinal));
    }
}
