using Microsoft.Data.Sqlite;
using Monitor.AlertEngine.Model;
using Monitor.AlertEngine.Storage;
using Monitor.TestSupport;
using OpenTelemetry.Exporter;

namespace Monitor.IntegrationTests.AlertEngine.Storage;

/// <summary>The monitor as its own process, killed with SIGKILL (kill -9) and started again over the same file.</summary>
public sealed class KillTests : IAsyncLifetime
{
    private DirectoryInfo _data = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _data = Directory.CreateTempSubdirectory("monitor-kill-");
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        _data.Delete(recursive: true);
        return ValueTask.CompletedTask;
    }

    private Task<MonitorProcess> StartReadyAsync() => MonitorProcess.StartAsync(new Dictionary<string, string>
    {
        ["Storage:ConnectionString"] = $"Data Source={Path.Combine(_data.FullName, "monitor.db")}",
    });

    private static void SlowModule(Uri grpc, string moduleId)
    {
        using var spans = new PipelineSpans("killed", grpc, OtlpExportProtocol.Grpc);
        spans.Span("module_generation", TimeSpan.FromSeconds(100), false, ("pipeline.module.id", moduleId));
        spans.Flush();
    }

    [Fact]
    public async Task KilledWithSigkill_OpenAlertSurvivesAndTheNextBreachUpdatesTheSameRow()
    {
        // The test reads the file the monitor writes (WAL lets a reader in beside the writer).
        var store = new AlertStore(StoreEngine.For(new StorageOptions { ConnectionString = $"Data Source={Path.Combine(_data.FullName, "monitor.db")}" }));
        var first = await StartReadyAsync();
        PerformanceAlert stored;
        using (first)
        {
            SlowModule(first.OtlpGrpcUri, "m1");
            stored = (await Poll.UntilAsync(async () => await store.GetOpenAsync(Cancel), a => a.Count == 1, "the alert written"))[0];
            first.KillHard();
        }

        var second = await StartReadyAsync();
        using (second)
        {
            SlowModule(second.OtlpGrpcUri, "m2");
            var after = await Poll.UntilAsync(() => store.GetAsync(stored.Id, Cancel), a => a?.Count == 2, "the breach after the kill on the same row");

            Assert.Equal((stored.Fingerprint, AlertStatus.Firing, "m2"), (after!.Fingerprint, after.Status, after.ModuleId));
            Assert.Single(await store.GetOpenAsync(Cancel));
        }
    }
}
