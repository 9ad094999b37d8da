using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Monitor.AlertEngine.Rules;
using Monitor.TestSupport;

namespace Monitor.IntegrationTests.Cluster;

/// <summary>A replica killed mid-storm and a Redis lost mid-run: each test breaks a cluster of its own.</summary>
// In the cluster group only to run after the others: six replicas at once on two cores measure the cores.
[Collection(ClusterTestGroup.Name)]
public sealed class ReplicaFailureTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OwnerKilledDuringAStorm_PipelinesResentToAnotherReplica_GoOnInTheSameRowsWithTheirAcknowledgements()
    {
        await using var cluster = await MonitorCluster.StartAsync(withProxy: false);
        var (owner, heir) = (cluster.Replicas[0], cluster.Replicas[1]);
        var jobs = Enumerable.Range(0, 40).Select(i => MonitorCluster.Job($"storm-{i}")).ToArray();
        using var admin = cluster.AdminClient(heir);

        using var stopStorm = new CancellationTokenSource();
        var storm = Task.Run(() =>
        {
            while (!stopStorm.IsCancellationRequested)
            {
                MonitorCluster.SendSlowModules(owner, jobs);
            }
        }, Cancel);
        var before = (await MonitorCluster.StoredAlertsAsync(admin, jobs)).Where(IsSlowModule).ToArray();
        var acknowledged = before.Take(10).Select(a => a.GetProperty("id").GetString()!).ToArray();
        foreach (var id in acknowledged)
        {
            // Three processes write one SQLite file during the storm: an acknowledgement can wait past
            // the store's 2 s lock timeout and be refused with 503, nothing recorded; the admin tries
            // again, as the console's message says to.
            var status = await Poll.UntilAsync(async () =>
            {
                using var answer = await admin.PostAsJsonAsync($"/api/alerts/{id}/acknowledge", new { comment = "before the crash" }, Cancel);
                return answer.StatusCode;
            }, status => status != HttpStatusCode.ServiceUnavailable, "an acknowledgement the store takes", TimeSpan.FromSeconds(20));
            Assert.Equal(HttpStatusCode.OK, status);
        }

        owner.KillHard();
        await stopStorm.CancelAsync();
        await storm;
        var countsAtCrash = (await SlowModuleAlertsAsync(admin, jobs)).ToDictionary(Id, Count);
        // The load-balancing exporter's ring lost the owner: the same pipelines now reach the heir,
        // batch after batch as the pipelines go on (one batch can be lost to a loaded machine's
        // export timeout, as it can in production).
        using var stopResending = new CancellationTokenSource();
        var resending = Task.Run(async () =>
        {
            while (!stopResending.IsCancellationRequested)
            {
                MonitorCluster.SendSlowModules(heir, jobs);
                await Task.Delay(TimeSpan.FromMilliseconds(500), CancellationToken.None);
            }
        }, Cancel);
        IReadOnlyList<JsonElement> after;
        try
        {
            after = await Poll.UntilAsync(() => SlowModuleAlertsAsync(admin, jobs),
                alerts => alerts.Count == jobs.Length && alerts.All(a => Count(a) > countsAtCrash[Id(a)]),
                "every alert's count to go on rising from the heir's breaches", TimeSpan.FromSeconds(30));
        }
        finally
        {
            await stopResending.CancelAsync();
            await resending;
        }

        Assert.Equal(before.Select(Id).Order(), after.Select(Id).Order());
        Assert.All(after, a => Assert.True(a.GetProperty("status").GetString() is "firing" or "acknowledged", a.GetRawText()));
        Assert.All(after.Where(a => acknowledged.Contains(Id(a))), a =>
        {
            Assert.Equal("acknowledged", a.GetProperty("status").GetString());
            Assert.Equal("before the crash", a.GetProperty("acknowledgeComment").GetString());
        });
        var open = await cluster.OpenFingerprintsAsync(MonitorCluster.Job("storm-%"), RuleCatalogue.SlowModule);
        Assert.Equal(jobs.Length, open.Count);
        Assert.Equal(jobs.Length, open.Distinct().Count());
    }

    [Fact]
    public async Task RedisKilledAndRestarted_ReplicasAgreeAgainWithinTheReconcileInterval()
    {
        await using var cluster = await MonitorCluster.StartAsync(withProxy: false);
        var jobs = new[] { MonitorCluster.Job("redis-gone-1"), MonitorCluster.Job("redis-gone-2") };
        MonitorCluster.SendSlowModules(cluster.Replicas[0], jobs);
        using var onFirst = cluster.AdminClient(cluster.Replicas[0]);
        using var onSecond = cluster.AdminClient(cluster.Replicas[1]);
        var ids = (await MonitorCluster.StoredAlertsAsync(onFirst, jobs)).Select(Id).ToArray();
        await using var clientOfSecond = await cluster.ConnectAsync(cluster.Replicas[1]);
        await using var clientOfThird = await cluster.ConnectAsync(cluster.Replicas[2]);
        await using var clientOfFirst = await cluster.ConnectAsync(cluster.Replicas[0]);
        var agreed = MonitorCluster.ReconcileInterval + TimeSpan.FromSeconds(1);

        // Redis dies: the announcement of this acknowledgement is lost; reconciliation must carry it.
        cluster.Redis.Kill();
        var sent = Stopwatch.GetTimestamp();
        (await onFirst.PostAsJsonAsync($"/api/alerts/{ids[0]}/acknowledge", new { comment = "redis is down" }, Cancel)).EnsureSuccessStatusCode();
        var lost = await Task.WhenAll(clientOfSecond.WaitForStatusAsync(ids[0], "acknowledged", agreed),
            clientOfThird.WaitForStatusAsync(ids[0], "acknowledged", agreed));

        // Redis comes back empty (no subscriptions); the replicas agree again, whether by a
        // re-subscribed announcement or by reconciliation.
        await cluster.Redis.RestartAsync();
        var resent = Stopwatch.GetTimestamp();
        (await onSecond.PostAsJsonAsync($"/api/alerts/{ids[1]}/acknowledge", new { comment = "redis is back" }, Cancel)).EnsureSuccessStatusCode();
        var back = await Task.WhenAll(clientOfFirst.WaitForStatusAsync(ids[1], "acknowledged", agreed),
            clientOfThird.WaitForStatusAsync(ids[1], "acknowledged", agreed));

        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"announcement lost (Redis down): replicas agreed after {lost.Max(a => Stopwatch.GetElapsedTime(sent, a)).TotalMilliseconds:F0} ms; "
            + $"just after Redis restarted: {back.Max(a => Stopwatch.GetElapsedTime(resent, a)).TotalMilliseconds:F0} ms "
            + $"(reconcile interval {MonitorCluster.ReconcileInterval.TotalMilliseconds:F0} ms)"));
    }

    // A storm long enough (a loaded machine) also breaches the stage's window rules: other problems, other alerts.
    private static bool IsSlowModule(JsonElement alert) => alert.GetProperty("type").GetString() == RuleCatalogue.SlowModule;

    private static async Task<IReadOnlyList<JsonElement>> SlowModuleAlertsAsync(HttpClient client, IReadOnlyCollection<string> jobs) =>
        [.. (await MonitorCluster.AlertsOfAsync(client, jobs)).Where(IsSlowModule)];

    private static string Id(JsonElement alert) => alert.GetProperty("id").GetString()!;

    private static long Count(JsonElement alert) => alert.GetProperty("count").GetInt64();
}
