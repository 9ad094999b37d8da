using Monitor.AlertEngine.Model;
using Monitor.AlertEngine.OpenAlerts;
using Monitor.AlertEngine.Rules;
using Monitor.TestSupport;
using OpenTelemetry.Exporter;

namespace Monitor.IntegrationTests.AlertEngine.Runs;

/// <summary>
/// The run checks on runs sent by the OpenTelemetry SDK to a whole monitor: one alert per
/// pipeline and check, the run's root trace as evidence, cleared by a good run.
/// </summary>
public sealed class RunAlertsTests : IAsyncLifetime
{
    private MonitorHost _monitor = null!;

    public async ValueTask InitializeAsync() => _monitor = await MonitorHost.StartAsync(new Dictionary<string, string?>
    {
        ["Runs:FailingAfter"] = "2",
        ["Runs:StuckAfter"] = "00:00:01",
        ["Runs:IdleTimeout"] = "00:10:00",
        ["Runs:Pipelines:no-hooks:RequiredStages:0"] = "module_generation",
    });

    public ValueTask DisposeAsync() => _monitor.DisposeAsync();

    [Fact]
    public async Task ARunWithoutValidation_FiresStageSkipped_WithTheRunIdAndItsRootTrace_ThenAFullRunResolvesIt()
    {
        using var spans = Spans("skips-validation");
        var trace = spans.RunWithRootSpan(["module_generation", "resource_generation", "hooks"], runId: "nightly-41");
        spans.Flush();

        var alert = await OpenAsync(RuleCatalogue.StageSkipped, "skips-validation");
        Assert.Equal("validation", alert.Labels["stage"]);
        Assert.Equal(AlertSeverity.Warning, alert.Severity);
        Assert.Contains("nightly-41", alert.Message, StringComparison.Ordinal);
        Assert.Equal(trace, Assert.Single(alert.Evidence).TraceId);
        Assert.DoesNotContain(_monitor.Get<IAlertFeed>().OpenAlerts, a => a.Type == RuleCatalogue.StageSkipped && a.Labels["job"] == "skips-validation" && a.Labels["stage"] != "validation");

        spans.RunWithRootSpan(["module_generation", "resource_generation", "validation", "hooks"], runId: "nightly-42");
        spans.Flush();
        await Poll.UntilAsync(() => Task.FromResult(_monitor.Get<IAlertFeed>().OpenAlerts.FirstOrDefault(a => a.Fingerprint == alert.Fingerprint)), open => open is null, "the skipped stage resolved by a full run");
    }

    [Fact]
    public async Task FailedRuns_FireRunFailed_TwoInARowRunsFailing_ASucceededRunResolvesBoth()
    {
        using var spans = Spans("flaky");
        spans.RunWithRootSpan(["module_generation", "resource_generation", "validation", "hooks"], failedStage: "validation", runId: "r1");
        spans.Flush();
        var failed = await OpenAsync(RuleCatalogue.RunFailed, "flaky");
        Assert.Equal(AlertSeverity.Warning, failed.Severity);

        spans.RunWithRootSpan(["module_generation", "resource_generation", "validation", "hooks"], failedStage: "hooks", runId: "r2");
        spans.Flush();
        var failing = await OpenAsync(RuleCatalogue.RunsFailing, "flaky");
        Assert.Equal(AlertSeverity.Critical, failing.Severity);
        Assert.Contains("2 runs of flaky in a row", failing.Message, StringComparison.Ordinal);

        spans.RunWithRootSpan(["module_generation", "resource_generation", "validation", "hooks"], runId: "r3");
        spans.Flush();
        await Poll.UntilAsync(() => Task.FromResult(_monitor.Get<IAlertFeed>().OpenAlerts.Where(a => a.Labels["job"] == "flaky").ToList()),
            open => open.Count == 0, "both resolved by a succeeded run");
    }

    [Fact]
    public async Task ARunThatStopsSendingSpans_IsStuck_Critical_AndAPipelineOverrideOfRequiredStagesHolds()
    {
        using var spans = Spans("no-hooks");
        spans.Span("module_generation", TimeSpan.FromSeconds(2), false, ("pipeline.run.id", "hung-1"));
        spans.Flush();

        var stuck = await OpenAsync(RuleCatalogue.RunStuck, "no-hooks");
        Assert.Equal(AlertSeverity.Critical, stuck.Severity);
        Assert.Contains("run hung-1 of no-hooks has sent no span", stuck.Message, StringComparison.Ordinal);

        // It ends with its root span: no longer stuck; only module_generation is required of it.
        spans.RunWithRootSpan([], runId: "hung-1");
        spans.Flush();
        await Poll.UntilAsync(() => Task.FromResult(_monitor.Get<IAlertFeed>().OpenAlerts.FirstOrDefault(a => a.Fingerprint == stuck.Fingerprint)), open => open is null, "stuck resolved once the run ended");
        Assert.DoesNotContain(_monitor.Get<IAlertFeed>().OpenAlerts, a => a.Type == RuleCatalogue.StageSkipped && a.Labels["job"] == "no-hooks");
    }

    private async Task<PerformanceAlert> OpenAsync(string type, string job) =>
        (await Poll.UntilAsync(() => Task.FromResult(_monitor.Get<IAlertFeed>().OpenAlerts.FirstOrDefault(a => a.Type == type && a.Labels["job"] == job)),
            alert => alert is not null, $"a {type} alert of {job}"))!;

    private PipelineSpans Spans(string job) => new(job, _monitor.OtlpGrpcUri, OtlpExportProtocol.Grpc);
}
