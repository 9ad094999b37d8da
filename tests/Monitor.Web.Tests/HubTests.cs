using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Monitor.AlertEngine.Lifecycle;
using Monitor.AlertEngine.Model;
using Monitor.TestSupport;

namespace Monitor.Web.Tests;

/// <summary>The hub with the real SignalR .NET client: state on connect, broadcasts, acknowledge rights, protocols, Origin.</summary>
public sealed class HubTests(HostTests.Host host) : IClassFixture<HostTests.Host>
{
    private MonitorHost Monitor => host.Monitor;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    internal static HubConnection Connect(MonitorHost monitor, string? token = null, bool messagePack = false)
    {
        var builder = new HubConnectionBuilder().WithUrl(new Uri(monitor.WebUri, "/hubs/monitoring"), o =>
        {
            if (token is not null)
            {
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            }
        });
        if (messagePack)
        {
            builder.AddMessagePackProtocol(o => o.SerializerOptions = Realtime.MessagePackWire.Options);
        }
        builder.ConfigureLogging(l => l.AddProvider(new TestOutputLoggerProvider()).SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Warning));
        return builder.Build();
    }

    /// <summary>Every event the connection receives, as JSON text, in order.</summary>
    internal static Channel<(string Event, string Json)> Record(HubConnection connection)
    {
        var events = Channel.CreateUnbounded<(string, string)>();
        foreach (var name in new[] { "metrics_update", "status_update", "alerts_update", "health_check_complete" })
        {
            connection.On<JsonElement>(name, payload => events.Writer.TryWrite((name, payload.GetRawText())));
        }
        return events;
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
        await NextAsync(events, "status_update");
        Assert.Contains(alert.Id, await NextAsync(events, "alerts_update"), StringComparison.Ordinal);
        Assert.Contains("\"status\":", await NextAsync(events, "health_check_complete"), StringComparison.Ordinal);
        var pushed = await NextAsync(events, "metrics_update", json => json.Contains("\"job\":\"hub-state\"", StringComparison.Ordinal));
        Assert.Contains("\"totalModulesProcessed\":1", pushed, StringComparison.Ordinal);
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
