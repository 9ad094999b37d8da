using System.Net.Http.Json;
using System.Text.Json;
using Monitor.AlertEngine.Cluster;
using Monitor.AlertEngine.OpenAlerts;
using Monitor.TestSupport;
using Monitor.Web.Fleet;
using StackExchange.Redis;

namespace Monitor.IntegrationTests.AlertEngine.Cluster;

/// <summary>
/// Two replicas on one store and one Redis, and someone else on that Redis: the store is the
/// truth, so a message on the bus only tells a replica what to read again; nothing in one, not even
/// in one sealed with the cluster's key, can put an alert, a version or a pipeline into a replica.
/// </summary>
public sealed class ClusterSecurityTests : IAsyncLifetime
{
    private DirectoryInfo _data = null!;
    private RedisServer _redis = null!;
    private MonitorHost _first = null!;
    private MonitorHost _second = null!;
    private ConnectionMultiplexer _intruder = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _data = Directory.CreateTempSubdirectory("monitor-cluster-security-");
        _redis = await RedisServer.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = $"Data Source={Path.Combine(_data.FullName, "monitor.db")}",
            ["Redis:ConnectionString"] = _redis.ConnectionString,
            ["Cluster:Key"] = MonitorHost.ClusterKey,
            // Long: a change seen within seconds came through an announcement, not the periodic read.
            ["Cluster:ReconcileInterval"] = "00:05:00",
        };
        _first = await MonitorHost.StartAsync(settings);
        _second = await MonitorHost.StartAsync(settings);
        // Someone with the Redis password (another service on that Redis) but without Cluster:Key.
        _intruder = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        await _intruder.DisposeAsync();
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        _redis.Dispose();
        _data.Delete(recursive: true);
    }

    [Fact]
    public async Task ForgedAlertAnnouncement_NoAlertAppears_RefusalCounted()
    {
        // The hypothesis: anyone who can publish on pipeline-monitor:alerts injects alerts.
        using var refused = new OwnInstrument(_first, "monitor.cluster.messages_refused", tag: "reason");
        var forged = JsonSerializer.SerializeToUtf8Bytes(new
        {
            node = "intruder",
            alerts = new[] { new { id = "forged-alert", type = "slow_module", severity = "Critical", status = "Firing", fingerprint = "forged", version = long.MaxValue, message = "forged" } },
        });

        await _intruder.GetSubscriber().PublishAsync(RedisChannel.Literal(AlertCluster.Channel), forged);

        await Poll.UntilAsync(() => Task.FromResult(refused.Total("malformed") + refused.Total("bad_seal")), n => n >= 1, "the forged announcement refused");
        Assert.DoesNotContain(_first.Get<IAlertFeed>().OpenAlerts, a => a.Id == "forged-alert");
        Assert.DoesNotContain("forged-alert", await _first.Web.GetStringAsync("/api/alerts/open", Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SealedAnnouncementOfTheLargestVersion_ReplicaStillFollowsTheStore()
    {
        // The hypothesis: a version of long.MaxValue pinned a replica's copy until restart. Even sealed
        // with the key, an announcement now only says "read again"; the versions come from the store.
        var envelope = new ClusterEnvelope(MonitorHost.ClusterKey, Guid.NewGuid(), TimeProvider.System);
        var pin = JsonSerializer.SerializeToUtf8Bytes(new { node = "intruder", upTo = long.MaxValue });
        byte[] message = [];
        envelope.Send(AlertCluster.Channel, pin, sealedMessage => message = sealedMessage);
        await _intruder.GetSubscriber().PublishAsync(RedisChannel.Literal(AlertCluster.Channel), message);

        var alert = await Alerting.SlowModuleAsync(_second, "cluster-after-pin");

        await Poll.UntilAsync(() => Task.FromResult(_first.Get<IAlertFeed>().OpenAlerts.Any(a => a.Id == alert.Id)), seen => seen,
            "the other replica's alert, read from the store after the pin", TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task ForgedSnapshot_FleetUnchanged()
    {
        // The hypothesis: the snapshots channel can spoof the fleet view.
        using var refused = new OwnInstrument(_first, "monitor.cluster.messages_refused", tag: "reason");
        var forged = JsonSerializer.SerializeToUtf8Bytes(new
        {
            node = "intruder",
            at = DateTimeOffset.UtcNow,
            snapshots = new[] { new { timestamp = DateTimeOffset.UtcNow, metrics = new { job = "spoofed-pipeline" }, status = new { job = "spoofed-pipeline", isRunning = true } } },
        });

        await _intruder.GetSubscriber().PublishAsync(RedisChannel.Literal(FleetSnapshots.Channel), forged);

        await Poll.UntilAsync(() => Task.FromResult(refused.Total("malformed") + refused.Total("bad_seal")), n => n >= 1, "the forged snapshot refused");
        var fleet = await _first.Web.GetFromJsonAsync<JsonElement>("/api/status", Cancel);
        Assert.DoesNotContain("spoofed-pipeline", fleet.GetRawText(), StringComparison.Ordinal);
    }
}
