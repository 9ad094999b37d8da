using Monitor.AlertEngine.OpenAlerts;
using Monitor.TestSupport;

namespace Monitor.IntegrationTests.Ops;

/// <summary>
/// The sample pipeline's runs mode, as docs/instrumenting.md uses it: runs counted by outcome,
/// --skip-stage fires stage skipped for that stage, --hang leaves runs active until they are stuck.
/// </summary>
public sealed class SampleRunsTests : IAsyncLifetime
{
    private MonitorHost _monitor = null!;

    public async ValueTask InitializeAsync() => _monitor = await MonitorHost.StartAsync(new Dictionary<string, string?>
    {
        ["Runs:StuckAfter"] = "00:00:02",
    });

    public ValueTask DisposeAsync() => _monitor.DisposeAsync();

    [Fact]
    public async Task RunsWithoutValidation_AreCountedAndFireStageSkipped_ForValidationOnly()
    {
        using var sample = Start("sample-skips", "--runs", "1", "--rate", "2", "--error-rate", "0", "--skip-stage", "validation", "--duration", "30");

        await Poll.UntilAsync(() => _monitor.SampleWithAsync("pipeline_runs_total", "job=\"sample-skips\"", "outcome=\"succeeded\""),
            count => count >= 2, "two succeeded runs of the sample: " + sample.Output);
        var skipped = await Poll.UntilAsync(
            () => Task.FromResult(_monitor.Get<IAlertFeed>().OpenAlerts.Where(a => a.Type == "stage_skipped" && a.Job == "sample-skips").ToList()),
            alerts => alerts.Count > 0, "stage skipped");
        Assert.Equal("validation", Assert.Single(skipped).Labels["stage"]);
    }

    [Fact]
    public async Task HangingRuns_StayActive_AndAreStuck()
    {
        using var sample = Start("sample-hangs", "--runs", "1", "--hang", "--duration", "30");

        await Poll.UntilAsync(() => _monitor.SampleWithAsync("pipeline_runs_active", "job=\"sample-hangs\""), active => active >= 1,
            "an active run of the sample: " + sample.Output);
        var stuck = await Poll.UntilAsync(
            () => Task.FromResult(_monitor.Get<IAlertFeed>().OpenAlerts.FirstOrDefault(a => a.Type == "run_stuck" && a.Job == "sample-hangs")),
            alert => alert is not null, "run stuck");
        Assert.Contains("has sent no span", stuck!.Message, StringComparison.Ordinal);
        Assert.Equal(0, await _monitor.SampleWithAsync("pipeline_runs_total", "job=\"sample-hangs\"") ?? 0);
    }

    private ExternalProcess Start(string job, params string[] arguments) =>
        ExternalProcess.StartWithEnvironment(Repository.SampleExecutable, new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = _monitor.OtlpGrpcUri.ToString().TrimEnd('/'),
            ["OTEL_SERVICE_NAME"] = job,
            // Spans exported as they end: a run's spans reach the monitor within a second.
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        }, arguments);
}
