using Monitor.AlertEngine.Model;
using Monitor.AlertEngine.OpenAlerts;
using Monitor.AlertEngine.Rules;
using Monitor.AlertEngine.Runs;
using Monitor.TestSupport;
using OpenTelemetry.Exporter;

namespace Monitor.IntegrationTests.AlertEngine.Runs;

/// <summary>
/// The expected-run check across restarts: a run start seen by an earlier process is read back
/// from the store, and a scheduled run that did not start fires in a process that did not see its
/// whole window, because the store had been watching.
/// </summary>
public sealed class RunStartsAcrossRestartTests : IAsyncLifetime
{
    private DirectoryInfo _data = null!;

    public ValueTask InitializeAsync()
    {
        _data = Directory.CreateTempSubdirectory("monitor-runs-");
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _data.Delete(recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task ARunStartSeenBeforeARestart_IsKnownAfterIt_AndAMissedScheduleFiresInTheNewProcess()
    {
        DateTimeOffset started;
        await using (var before = await StartAsync())
        {
            using var spans = new PipelineSpans("seen-before", before.OtlpGrpcUri, OtlpExportProtocol.Grpc);
            spans.RunWithRootSpan(["module_generation", "resource_generation", "validation", "hooks"], runId: "n-1");
            spans.Flush();
            var stored = await Poll.UntilAsync(() => Task.FromResult(before.Get<ISharedRunStarts>().Latest),
                latest => latest?.LastStarts.ContainsKey("seen-before") == true, "the run start shared through the store");
            started = stored!.LastStarts["seen-before"];
        }

        var restarted = DateTimeOffset.UtcNow;
        await using var after = await StartAsync();
        var reloaded = await Poll.UntilAsync(() => Task.FromResult(after.Get<ISharedRunStarts>().Latest), latest => latest is not null, "the store read after the restart");
        Assert.Equal(started, reloaded!.LastStarts["seen-before"]);
        Assert.True(reloaded.TrackingSince < restarted, "the store watched from before the restart");

        // Every 2 s with 1 s of grace, and no run of it: the new process fires.
        var alert = await Poll.UntilAsync(
            () => Task.FromResult(after.Get<IAlertFeed>().OpenAlerts.FirstOrDefault(a => a.Type == RuleCatalogue.RunMissing && a.Labels["job"] == "every-two-seconds")),
            a => a is not null, "run_missing of a schedule no run follows");
        Assert.Equal(AlertSeverity.Critical, alert!.Severity);
        Assert.DoesNotContain(after.Get<IAlertFeed>().OpenAlerts, a => a.Type == RuleCatalogue.RunMissing && a.Labels["job"] == "seen-before");
    }

    private Task<MonitorHost> StartAsync() => MonitorHost.StartAsync(new Dictionary<string, string?>
    {
        ["Storage:ConnectionString"] = $"Data Source={Path.Combine(_data.FullName, "monitor.db")}",
        ["Runs:Schedules:every-two-seconds:Cron"] = "*/2 * * * * *",
        ["Runs:Schedules:every-two-seconds:Grace"] = "00:00:01",
        ["Runs:Schedules:seen-before:Cron"] = "0 0 1 1 *",
    });
}
