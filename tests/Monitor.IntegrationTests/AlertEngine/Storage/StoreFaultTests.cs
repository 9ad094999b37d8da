using System.Net;
using Microsoft.Data.Sqlite;
using Monitor.AlertEngine.Model;
using Monitor.AlertEngine.OpenAlerts;
using Monitor.AlertEngine.Rules;
using Monitor.AlertEngine.Storage;
using Monitor.TestSupport;
using OpenTelemetry.Exporter;

namespace Monitor.IntegrationTests.AlertEngine.Storage;

/// <summary>
/// The store goes away for real (another connection holds an exclusive lock on the SQLite file)
/// and comes back; and the monitor restarts over the same file.
/// </summary>
public sealed class StoreFaultTests : IAsyncLifetime
{
    private DirectoryInfo _data = null!;

    private string ConnectionString => $"Data Source={Path.Combine(_data.FullName, "monitor.db")}";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _data = Directory.CreateTempSubdirectory("monitor-fault-");
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        _data.Delete(recursive: true);
        return ValueTask.CompletedTask;
    }

    private Task<MonitorHost> StartAsync() => MonitorHost.StartAsync(new Dictionary<string, string?>
    {
        ["Storage:ConnectionString"] = ConnectionString,
        ["Monitoring:HealthCheckInterval"] = "00:00:01",
    });

    private static void SlowModule(MonitorHost monitor, string job, string moduleId)
    {
        using var spans = new PipelineSpans(job, monitor.OtlpGrpcUri, OtlpExportProtocol.Grpc);
        spans.Span("module_generation", TimeSpan.FromSeconds(100), false, ("pipeline.module.id", moduleId));
        spans.Flush();
    }

    [Fact]
    public async Task StoreLockedByAnotherWriter_EvaluationGoesOnReadyzReportsItAndEveryAlertLandsOnceAfter()
    {
        await using var monitor = await StartAsync();
        await Poll.UntilAsync(async () => (await monitor.Web.GetAsync("/readyz", Cancel)).StatusCode, s => s == HttpStatusCode.OK, "ready before the fault");
        await using var locker = new SqliteConnection(ConnectionString);
        await locker.OpenAsync(Cancel);
        await using (var command = locker.CreateCommand())
        {
            command.CommandText = "BEGIN EXCLUSIVE;";
            await command.ExecuteNonQueryAsync(Cancel);
        }

        SlowModule(monitor, "fault-a", "m1");
        SlowModule(monitor, "fault-b", "m2");
        SlowModule(monitor, "fault-a", "m3");
        var queue = monitor.Get<AlertWriteQueue>();
        using var changes = monitor.Get<IAlertFeed>().SubscribeChanges();
        // Evaluation goes on: both problems wait in the queue; nothing is published before the store has it.
        await Poll.UntilAsync(() => Task.FromResult(queue.Depth), depth => depth == 2, "both problems queued while the store is locked");
        var notReady = await Poll.UntilAsync(() => ReadyzAsync(monitor), r => r.StatusCode == HttpStatusCode.ServiceUnavailable, "/readyz to report the store");
        Assert.Contains("store: Unhealthy", notReady.Body, StringComparison.Ordinal);
        Assert.False(changes.Reader.TryRead(out _), "an alert was published before the store had it");
        // A locked store must not hold up the readiness probe (the drill measured 2.1 s).
        for (var i = 0; i < 5; i++)
        {
            Assert.True((await ReadyzAsync(monitor)).Took < TimeSpan.FromSeconds(1), "/readyz took a second or more while the store was locked");
        }

        await using (var command = locker.CreateCommand())
        {
            command.CommandText = "ROLLBACK;";
            await command.ExecuteNonQueryAsync(Cancel);
        }

        await Poll.UntilAsync(() => Task.FromResult(queue.Depth), depth => depth == 0, "the queue to drain", TimeSpan.FromSeconds(30));
        var store = monitor.Get<IAlertStore>();
        var stored = (await store.QueryAsync(new AlertQuery(Type: RuleCatalogue.SlowModule), Cancel)).Items;
        Assert.Equal(2, stored.Count);
        Assert.Equal(2, stored.Single(a => a.Labels["job"] == "fault-a").Count);
        Assert.Equal("m3", stored.Single(a => a.Labels["job"] == "fault-a").ModuleId);
        var published = await Poll.UntilAsync(() => Task.FromResult(monitor.Get<IAlertFeed>().OpenAlerts.Where(a => a.Type == RuleCatalogue.SlowModule).ToList()),
            open => open.Count == 2, "both alerts published once stored");
        Assert.Equal(stored.Select(a => a.Id).Order(), published.Select(a => a.Id).Order());
        await Poll.UntilAsync(async () => (await monitor.Web.GetAsync("/readyz", Cancel)).StatusCode, s => s == HttpStatusCode.OK, "ready again");
    }

    [Fact]
    public async Task StoreFilesMadeUnwritable_WritesFailReadinessIs503NamingTheStore_ThenEveryAlertLands()
    {
        var chattr = ExternalTool.Require("chattr", "e2fsprogs");
        if (Environment.UserName != "root")
        {
            var reason = "making the store's files immutable (chattr +i) needs root";
            if (ExternalTool.InCi)
            {
                Assert.Fail(reason);
            }
            Assert.Skip(reason);
        }
        await using var monitor = await StartAsync();
        await Poll.UntilAsync(async () => (await ReadyzAsync(monitor)).StatusCode, s => s == HttpStatusCode.OK, "ready before the fault");
        // The database and its write-ahead log; not the shared-memory index, which SQLite keeps
        // mapped: an immutable -shm ends in SIGBUS for any process that maps it, whatever it is.
        string[] files = [.. Directory.GetFiles(_data.FullName, "monitor.db*").Where(f => !f.EndsWith("-shm", StringComparison.Ordinal))];
        try
        {
            await ExternalProcess.RunInAsync(_data.FullName, chattr, ["+i", .. files]);
            SqliteConnection.ClearAllPools();

            SlowModule(monitor, "unwritable", "m1");

            var notReady = await Poll.UntilAsync(() => ReadyzAsync(monitor), r => r.StatusCode == HttpStatusCode.ServiceUnavailable,
                "/readyz 503 while writes fail", TimeSpan.FromSeconds(30));
            Assert.Contains("store: Unhealthy", notReady.Body, StringComparison.Ordinal);
            Assert.True(notReady.Took < TimeSpan.FromSeconds(1));
        }
        finally
        {
            await ExternalProcess.RunInAsync(_data.FullName, chattr, ["-i", .. files]);
        }

        await Poll.UntilAsync(() => Task.FromResult(monitor.Get<AlertWriteQueue>().Depth), depth => depth == 0, "the queue to drain", TimeSpan.FromSeconds(30));
        Assert.Single((await monitor.Get<IAlertStore>().QueryAsync(new AlertQuery(Job: "unwritable"), Cancel)).Items);
        await Poll.UntilAsync(async () => (await ReadyzAsync(monitor)).StatusCode, s => s == HttpStatusCode.OK, "ready again", TimeSpan.FromSeconds(30));
    }

    private static async Task<(HttpStatusCode StatusCode, string Body, TimeSpan Took)> ReadyzAsync(MonitorHost monitor)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var response = await monitor.Web.GetAsync("/readyz", Cancel);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Cancel), System.Diagnostics.Stopwatch.GetElapsedTime(started));
    }

    [Fact]
    public async Task Restart_OpenAlertsSurviveAndABreachAfterItUpdatesTheSameRow()
    {
        string id;
        string fingerprint;
        await using (var before = await StartAsync())
        {
            SlowModule(before, "restart", "m1");
            var alert = await Poll.UntilAsync(
                () => Task.FromResult(before.Get<IAlertFeed>().OpenAlerts.FirstOrDefault(a => a.Labels["job"] == "restart")),
                a => a is not null, "the alert before the restart");
            (id, fingerprint) = (alert!.Id, alert.Fingerprint);
            await Poll.UntilAsync(() => before.Get<IAlertStore>().GetAsync(id, Cancel), a => a is not null, "the alert stored");
        }

        await using var after = await StartAsync();
        var reloaded = await Poll.UntilAsync(
            () => Task.FromResult(after.Get<IAlertFeed>().OpenAlerts.FirstOrDefault(a => a.Id == id)),
            a => a is not null, "the open alert loaded after the restart");
        SlowModule(after, "restart", "m2");

        Assert.Equal(fingerprint, reloaded!.Fingerprint);
        var stored = await Poll.UntilAsync(() => after.Get<IAlertStore>().GetAsync(id, Cancel), a => a?.Count == 2, "the breach after the restart on the same row");
        Assert.Equal("m2", stored!.ModuleId);
        Assert.Single(await after.Get<IAlertStore>().GetOpenAsync(Cancel), a => a.Fingerprint == fingerprint);
        Assert.Equal(AlertStatus.Firing, stored.Status);
    }
}
