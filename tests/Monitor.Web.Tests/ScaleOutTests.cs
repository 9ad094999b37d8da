using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Monitor.TestSupport;

namespace Monitor.Web.Tests;

/// <summary>Two replicas on one store and one Redis; a change made on one reaches the other's clients.</summary>
public sealed class ScaleOutTests : IAsyncLifetime
{
    private ExternalProcess _redis = null!;
    private int _redisPort;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var binary = ExternalTool.Require("redis-server", "redis-server");
        _redisPort = FreePorts.Take(1)[0];
        _redis = ExternalProcess.Start(binary, "--port", _redisPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--bind", "127.0.0.1", "--save", "", "--appendonly", "no");
        await Poll.UntilAsync(async () =>
        {
            Assert.False(_redis.HasExited, "redis-server exited:\n" + _redis.Output);
            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync("127.0.0.1", _redisPort, Cancel);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }, up => up, "redis-server to accept connections");
    }

    private readonly DirectoryInfo _store = Directory.CreateTempSubdirectory("monitor-scale-out-");

    public ValueTask DisposeAsync()
    {
        _redis.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _store.Delete(recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task AcknowledgeOnOneInstance_ReachesAClientOfTheOther()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Redis:ConnectionString"] = $"127.0.0.1:{_redisPort}",
            ["Storage:ConnectionString"] = $"Data Source={Path.Combine(_store.FullName, "monitor.db")}",
        };
        await using var first = await MonitorHost.StartAsync(settings);
        await using var second = await MonitorHost.StartAsync(settings);
        await using var clientOfSecond = HubTests.Connect(second);
        var events = HubTests.Record(clientOfSecond);
        await clientOfSecond.StartAsync(Cancel);

        var alert = await Alerting.SlowModuleAsync(first, "scale-out");
        await HubTests.NextAsync(events, "alerts_update", json => json.Contains(alert.Id, StringComparison.Ordinal));
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/alerts/{alert.Id}/acknowledge") { Content = JsonContent.Create(new { comment = "seen from A" }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", MonitorHost.AdminToken);
        (await first.Web.SendAsync(request, Cancel)).EnsureSuccessStatusCode();

        var acknowledged = await HubTests.NextAsync(events, "alerts_update", json => json.Contains(alert.Id, StringComparison.Ordinal)
            && json.Contains("\"status\":\"acknowledged\"", StringComparison.Ordinal));
        var change = JsonDocument.Parse(acknowledged).RootElement.EnumerateArray().Single(a => a.GetProperty("id").GetString() == alert.Id);
        Assert.Equal("seen from A", change.GetProperty("acknowledgeComment").GetString());
    }
}
