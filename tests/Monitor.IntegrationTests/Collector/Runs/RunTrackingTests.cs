using Monitor.Collector.Pipeline;
using Monitor.Collector.Runs;
using Monitor.TestSupport;
using OpenTelemetry.Exporter;

namespace Monitor.IntegrationTests.Collector.Runs;

/// <summary>
/// Runs told apart in spans sent by the OpenTelemetry SDK (docs/instrumenting.md, "Runs"): ended
/// by their root span or abandoned after Runs:IdleTimeout, counted on /metrics by outcome.
/// </summary>
public sealed class RunTrackingTests : IAsyncLifetime
{
    private static readonly string[] AllStages = ["module_generation", "resource_generation", "validation", "hooks"];

    private MonitorHost _monitor = null!;

    public async ValueTask InitializeAsync() => _monitor = await MonitorHost.StartAsync(new Dictionary<string, string?>
    {
        ["Runs:IdleTimeout"] = "00:00:02",
        ["Runs:MaxActiveRunsPerPipeline"] = "1",
    });

    public ValueTask DisposeAsync() => _monitor.DisposeAsync();

    [Theory]
    [InlineData(OtlpExportProtocol.Grpc)]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    public async Task RootSpanWithAStageSpanPerStage_IsOneSucceededRun_WithItsStagesDurationAndTrace(OtlpExportProtocol protocol)
    {
        var job = $"nightly-{protocol}";
        using var spans = Spans(job, protocol);
        var trace = spans.RunWithRootSpan(AllStages);
        spans.Flush();

        await _monitor.WaitForSampleAsync($"pipeline_runs_total{{job=\"{job}\",outcome=\"succeeded\"}}", 1);
        Assert.Equal(1, await _monitor.SampleAsync($"pipeline_run_duration_seconds_count{{job=\"{job}\",outcome=\"succeeded\"}}"));
        Assert.Equal(5, await _monitor.SampleAsync($"pipeline_run_duration_seconds_sum{{job=\"{job}\",outcome=\"succeeded\"}}"));
        Assert.NotNull(await _monitor.SampleAsync($"pipeline_run_last_timestamp_seconds{{job=\"{job}\",outcome=\"succeeded\"}}"));
        var run = Assert.Single(_monitor.Get<IRunFeed>().RunsOf(job));
        Assert.Equal(RunOutcome.Succeeded, run.Outcome);
        Assert.Equal(trace, run.TraceId);
        Assert.Equal(trace, run.RunId);
        Assert.Equal(Enum.GetValues<PipelineStage>(), run.Stages);
    }

    [Fact]
    public async Task AFailedStage_MakesTheRunFailed_AndAStageNotSentIsNotInIt()
    {
        using var spans = Spans("failing-run");
        spans.RunWithRootSpan(["module_generation", "resource_generation"], failedStage: "resource_generation", runId: "run-7");
        spans.Flush();

        await _monitor.WaitForSampleAsync("pipeline_runs_total{job=\"failing-run\",outcome=\"failed\"}", 1);
        var run = Assert.Single(_monitor.Get<IRunFeed>().RunsOf("failing-run"));
        Assert.Equal("run-7", run.RunId);
        Assert.Equal([PipelineStage.ModuleGeneration, PipelineStage.ResourceGeneration], run.Stages);
    }

    [Fact]
    public async Task StageSpansWithARunId_AreAnActiveRun_AbandonedAfterTheIdleTimeout()
    {
        using var spans = Spans("hanging-run");
        spans.Span("module_generation", TimeSpan.FromSeconds(3), false, ("pipeline.run.id", "r-1"));
        spans.Span("resource_generation", TimeSpan.FromSeconds(4), false, ("pipeline.run.id", "r-1"));
        spans.Flush();

        await _monitor.WaitForSampleAsync("pipeline_runs_active{job=\"hanging-run\"}", 1);
        var active = Assert.Single(_monitor.Get<IRunFeed>().ActiveRuns(), r => r.Job == "hanging-run");
        Assert.Equal("r-1", active.RunId);

        await _monitor.WaitForSampleAsync("pipeline_runs_total{job=\"hanging-run\",outcome=\"abandoned\"}", 1);
        Assert.Equal(0, await _monitor.SampleAsync("pipeline_runs_active{job=\"hanging-run\"}"));
        Assert.Equal(RunOutcome.Abandoned, Assert.Single(_monitor.Get<IRunFeed>().RunsOf("hanging-run")).Outcome);
    }

    [Fact]
    public async Task StageSpansAndARootSpanWithOneRunId_AreOneRun_ALateSpanOfItIsNoNewRun()
    {
        using var spans = Spans("tagged-run");
        spans.Span("validation", TimeSpan.FromSeconds(1), false, ("pipeline.run.id", "r-2"));
        spans.Flush();
        await _monitor.WaitForSampleAsync("pipeline_runs_active{job=\"tagged-run\"}", 1);
        spans.RunWithRootSpan(["hooks"], runId: "r-2");
        spans.Flush();
        await _monitor.WaitForSampleAsync("pipeline_runs_total{job=\"tagged-run\",outcome=\"succeeded\"}", 1);

        spans.Span("hooks", TimeSpan.FromSeconds(1), false, ("pipeline.run.id", "r-2"));
        spans.Flush();
        spans.Span("hooks", TimeSpan.FromSeconds(1), false, ("pipeline.run.id", "r-3"));
        spans.Flush();
        await _monitor.WaitForSampleAsync("pipeline_runs_active{job=\"tagged-run\"}", 1);

        var runs = _monitor.Get<IRunFeed>().RunsOf("tagged-run");
        Assert.Equal(["r-3", "r-2"], runs.Select(r => r.RunId));
        Assert.Equal([PipelineStage.Validation, PipelineStage.Hooks], runs[1].Stages);
    }

    [Fact]
    public async Task ARunPastMaxActiveRunsPerPipeline_IsNotFollowed_AndItsSpansAreCounted()
    {
        using var untracked = new OwnInstrument(_monitor, "monitor.runs.untracked", tag: "cap");
        using var spans = Spans("crowded-runs");
        spans.Span("module_generation", TimeSpan.FromSeconds(1), false, ("pipeline.run.id", "first"));
        spans.Span("module_generation", TimeSpan.FromSeconds(1), false, ("pipeline.run.id", "second"));
        spans.Flush();

        await Poll.UntilAsync(() => Task.FromResult(untracked.Total("runs_per_pipeline")), count => count == 1, "the second run's span counted as not followed");
        Assert.Equal(["first"], _monitor.Get<IRunFeed>().ActiveRuns().Where(r => r.Job == "crowded-runs").Select(r => r.RunId));
    }

    private PipelineSpans Spans(string job, OtlpExportProtocol protocol = OtlpExportProtocol.Grpc) =>
        new(job, protocol == OtlpExportProtocol.Grpc ? _monitor.OtlpGrpcUri : _monitor.OtlpHttpUri, protocol);
}
