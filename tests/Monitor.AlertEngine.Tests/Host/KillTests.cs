using System.Net;
using Microsoft.Data.Sqlite;
using Monitor.AlertEngine.Model;
using Monitor.AlertEngine.Storage;
using Monitor.AlertEngine.Storage.Sqlite;
using Monitor.TestSupport;
using OpenTelemetry.Exporter;

namespace Monitor.AlertEngine.Tests.Host;

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

    private (ExternalProcess Process, Uri Web, Uri Grpc) Start()
    {
        var ports = FreePorts.Take(3);
        var process = ExternalProcess.StartWithEnvironment(Repository.MonitorExecutable, new Dictionary<string, string>
        {
            ["Kestrel__Endpoints__Web__Url"] = $"http://127.0.0.1:{ports[0]}",
            ["Kestrel__Endpoints__OtlpGrpc__Url"] = $"http://127.0.0.1:{ports[1]}",
            ["Kestrel__Endpoints__OtlpGrpc__Protocols"] = "Http2",
            ["Kestrel__Endpoints__OtlpHttp__Url"] = $"http://127.0.0.1:{ports[2]}",
            ["Storage__ConnectionString"] = $"Data Source={Path.Combine(_data.FullName, "monitor.db")}",
            // The test process and other test projects share the two cores: not an overload (MonitorHost says more).
            ["Otlp__MaxSchedulingDelay"] = "00:00:05",
        });
        return (process, new Uri($"http://127.0.0.1:{ports[0]}"), new Uri($"http://127.0.0.1:{ports[1]}"));
    }

    /// <summary>Starts the monitor process and waits until it is ready; a new set of ports if one was taken meanwhile.</summary>
    private async Task<(ExternalProcess Process, Uri Web, Uri Grpc)> StartReadyAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            var started = Start();
            try
            {
                await WaitReadyAsync(started.Process, started.Web);
                return started;
            }
            catch (Exception) when (attempt < 5 && started.Process.HasExited && started.Process.Output.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                started.Process.Dispose();
            }
        }
    }

    private static async Task WaitReadyAsync(ExternalProcess process, Uri web)
    {
        using var client = new HttpClient { BaseAddress = web };
        await Poll.UntilAsync(async () =>
        {
            Assert.False(process.HasExited, "the monitor exited:\n" + process.Output);
            try
            {
                using var response = await client.GetAsync("/readyz", Cancel);
                return response.StatusCode;
            }
            catch (HttpRequestException)
            {
                return HttpStatusCode.ServiceUnavailable;
            }
        }, status => status == HttpStatusCode.OK, "the monitor process to be ready", TimeSpan.FromSeconds(60));
    }

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
        var store = new SqliteAlertStore($"Data Source={Path.Combine(_data.FullName, "monitor.db")}");
        var (first, _, grpc) = await StartReadyAsync();
        PerformanceAlert stored;
        using (first)
        {
            SlowModule(grpc, "m1");
            stored = (await Poll.UntilAsync(async () => await store.GetOpenAsync(Cancel), a => a.Count == 1, "the alert written"))[0];
            first.KillHard();
        }

        var (second, _, grpc2) = await StartReadyAsync();
        using (second)
        {
            SlowModule(grpc2, "m2");
            var after = await Poll.UntilAsync(() => store.GetAsync(stored.Id, Cancel), a => a?.Count == 2, "the breach after the kill on the same row");

            Assert.Equal((stored.Fingerprint, AlertStatus.Firing, "m2"), (after!.Fingerprint, after.Status, after.ModuleId));
            Assert.Single(await store.GetOpenAsync(Cancel));
        }
    }
}
