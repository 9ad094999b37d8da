using System.Net.WebSockets;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Logging;
using Monitor.AlertEngine.Model;
using Monitor.AlertEngine.Storage;
using Monitor.AlertEngine.Storage.WebSessions;
using Monitor.TestSupport;
using Monitor.Web.Auth;

namespace Monitor.IntegrationTests.Web.Realtime;

/// <summary>
/// The hub as a hostile or careless client meets it: a connection has the rights of its session
/// as they are now, not as they were when it opened; each connection has a call budget and a
/// snapshot budget, past which it is closed and counted; refusals are not errors in the log.
/// </summary>
public sealed class HubSecurityTests : IAsyncLifetime
{
    private readonly LogRecorder _logs = new();
    private MonitorHost _monitor = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _monitor = await MonitorHost.StartAsync(new Dictionary<string, string?>
    {
        // The sweep is run by the tests that need it: a connection closed at once was closed by the sign-out.
        ["Auth:SessionCheckInterval"] = "01:00:00",
        ["Hub:CallsPerSecond"] = "5",
        ["Hub:CallBurst"] = "10",
        ["Hub:SnapshotsPerMinute"] = "2",
        ["Logging:LogLevel:Monitor"] = "Debug",
    }, _logs.AddTo);

    public ValueTask DisposeAsync() => _monitor.DisposeAsync();

    [Fact]
    public async Task SignOut_TheSessionsOpenConnectionIsClosedAtOnce_AndAcknowledgesNothing()
    {
        // The reproduction: after sign-out REST said anonymous, but the same WebSocket's AcknowledgeAlert still succeeded as the admin.
        var cookie = await _monitor.SignInAsync(MonitorHost.AdminToken, "Alice");
        await using var hub = ConnectWithCookie(cookie);
        var closed = Closed(hub);
        await hub.StartAsync(Cancel);
        var first = await Alerting.SlowModuleAsync(_monitor, "hub-signout-1");
        var second = await Alerting.SlowModuleAsync(_monitor, "hub-signout-2");
        var acknowledged = await hub.InvokeAsync<System.Text.Json.JsonElement>("AcknowledgeAlert", first.Id, "before sign-out", Cancel);

        await _monitor.SignOutAsync(cookie);

        await closed.WaitAsync(TimeSpan.FromSeconds(5), Cancel);
        await Assert.ThrowsAnyAsync<Exception>(() => hub.InvokeAsync<System.Text.Json.JsonElement>("AcknowledgeAlert", second.Id, "after sign-out", Cancel));
        Assert.Equal("Acknowledged", acknowledged.GetProperty("result").GetString());
        Assert.Equal(AlertStatus.Firing, (await _monitor.Get<IAlertStore>().GetAsync(second.Id, Cancel))!.Status);
    }

    [Fact]
    public async Task SessionGoneFromTheStore_TheNextCallIsRefusedAndClosesTheConnection()
    {
        // An expiry, or a sign-out on another replica whose announcement was lost: only the store knows.
        using var rejections = new OwnInstrument(_monitor, "monitor.hub.rejected", tag: "reason");
        var cookie = await _monitor.SignInAsync(MonitorHost.AdminToken, "Bob");
        await using var hub = ConnectWithCookie(cookie);
        var closed = Closed(hub);
        await hub.StartAsync(Cancel);
        var alert = await Alerting.SlowModuleAsync(_monitor, "hub-expired");

        await _monitor.Get<ISessionStore>().DeleteExpiredAsync(DateTimeOffset.UtcNow.AddDays(1), Cancel);
        var refusal = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<System.Text.Json.JsonElement>("AcknowledgeAlert", alert.Id, "expired", Cancel));

        await closed.WaitAsync(TimeSpan.FromSeconds(5), Cancel);
        Assert.Contains("the session this connection was opened with has ended", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(AlertStatus.Firing, (await _monitor.Get<IAlertStore>().GetAsync(alert.Id, Cancel))!.Status);
        Assert.Equal(1, rejections.Total("session_ended"));
    }

    [Fact]
    public async Task SessionGoneFromTheStore_TheSweepClosesAConnectionThatCallsNothing()
    {
        var cookie = await _monitor.SignInAsync(MonitorHost.ViewerToken, "Carol");
        await using var hub = ConnectWithCookie(cookie);
        var closed = Closed(hub);
        await hub.StartAsync(Cancel);

        await _monitor.Get<ISessionStore>().DeleteExpiredAsync(DateTimeOffset.UtcNow.AddDays(1), Cancel);
        await _monitor.Get<SessionEnds>().SweepAsync(Cancel);

        await closed.WaitAsync(TimeSpan.FromSeconds(5), Cancel);
    }

    [Fact]
    public async Task SyncAlertsWithoutADigest_RepeatedPastTheSnapshotBudget_ConnectionClosedAndCounted()
    {
        // The reproduction: 300 SyncAlerts(null) in 0.8 s sent 25 MB for 27 KB received, to an anonymous reader.
        using var rejections = new OwnInstrument(_monitor, "monitor.hub.rejected", tag: "reason");
        await Alerting.SlowModuleAsync(_monitor, "hub-snapshots");
        await using var hub = HubTests.Connect(_monitor);
        var closed = Closed(hub);
        await hub.StartAsync(Cancel);

        var answered = await AnsweredUntilRefusedAsync(hub, 300, () => hub.InvokeAsync<bool>("SyncAlerts", null, Cancel));

        await closed.WaitAsync(TimeSpan.FromSeconds(5), Cancel);
        Assert.Equal(2, answered);
        Assert.Equal(1, rejections.Total("snapshot_limited"));
    }

    [Fact]
    public async Task CallsPastTheBudget_ConnectionClosedAndCounted()
    {
        using var rejections = new OwnInstrument(_monitor, "monitor.hub.rejected", tag: "reason");
        await using var hub = HubTests.Connect(_monitor);
        var closed = Closed(hub);
        await hub.StartAsync(Cancel);

        var answered = await AnsweredUntilRefusedAsync(hub, 100, () => hub.InvokeAsync("UnwatchPipeline", "some-pipeline", Cancel));

        await closed.WaitAsync(TimeSpan.FromSeconds(5), Cancel);
        // Hub:CallsPerSecond = 5: a burst of 10, and what refilled while they were made.
        Assert.InRange(answered, 10, 20);
        Assert.Equal(1, rejections.Total("rate_limited"));
    }

    [Fact]
    public async Task RefusedArguments_CountedAndLoggedAtDebugWithoutAStack_NotAsErrors()
    {
        // The reproduction: 50 WatchPipeline('') calls made 350 error lines with stack traces.
        using var rejections = new OwnInstrument(_monitor, "monitor.hub.rejected", tag: "reason");
        await using var hub = HubTests.Connect(_monitor);
        await hub.StartAsync(Cancel);
        var before = _logs.Entries.Count;

        for (var i = 0; i < 8; i++)
        {
            var error = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync("WatchPipeline", "", Cancel));
            Assert.Contains("job must be a pipeline name", error.Message, StringComparison.Ordinal);
        }

        var logged = _logs.Entries.Skip(before)
            .Where(e => e.Category.StartsWith("Microsoft.AspNetCore.SignalR", StringComparison.Ordinal) || e.Category.StartsWith("Monitor.Web.Realtime", StringComparison.Ordinal))
            .ToList();
        Assert.DoesNotContain(logged, e => e.Level >= LogLevel.Warning);
        Assert.DoesNotContain(logged, e => e.Exception is not null);
        Assert.Equal(8, logged.Count(e => e.Message.Contains("WatchPipeline refused (invalid_argument)", StringComparison.Ordinal)));
        Assert.Equal(8, rejections.Total("invalid_argument"));
    }

    /// <summary>Makes the call up to <paramref name="times"/> times, one after the other; how many were answered before one was refused or the connection closed.</summary>
    private static async Task<int> AnsweredUntilRefusedAsync(HubConnection hub, int times, Func<Task> call)
    {
        var answered = 0;
        for (var i = 0; i < times && hub.State == HubConnectionState.Connected; i++)
        {
            try
            {
                await call();
                answered++;
            }
            catch (Exception error) when (error is HubException or InvalidOperationException or TaskCanceledException or IOException or WebSocketException)
            {
                break;
            }
        }
        return answered;
    }

    private HubConnection ConnectWithCookie(string cookie) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(_monitor.WebUri, "/hubs/monitoring"), o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
                o.Headers["Cookie"] = cookie;
            })
            .Build();

    private static Task Closed(HubConnection hub)
    {
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        return closed.Task;
    }
}
