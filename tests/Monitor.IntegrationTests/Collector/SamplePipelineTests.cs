using Monitor.Collector.Pipeline;
using Monitor.TestSupport;

namespace Monitor.IntegrationTests.Collector;

/// <summary>The sample pipeline, as its own process configured by OTEL_* variables, feeds the monitor.</summary>
public sealed class SamplePipelineTests : IAsyncLifetime
{
    private MonitorHost _monitor = null!;

    public async ValueTask InitializeAsync() => _monitor = await MonitorHost.StartAsync();

    public ValueTask DisposeAsync() => _monitor.DisposeAsync();

    [Fact]
    public async Task SampleProcess_RunsForTwoSeconds_EveryStageAndReportedGaugeArrives()
    {
        using var sample = ExternalProcess.StartWithEnvironment(Repository.SampleExecutable,
            new Dictionary<string, string>
            {
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = _monitor.OtlpHttpUri.ToString().TrimEnd('/'),
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                ["OTEL_SERVICE_NAME"] = "sample-under-test",
            },
            "--rate", "25", "--duration", "2", "--error-rate", "0.2");

        await Poll.UntilAsync(() => Task.FromResult(sample.HasExited), exited => exited, "the sample to finish", TimeSpan.FromSeconds(30));
        var metrics = await _monitor.ScrapeAsync();

        Assert.True(sample.ExitCode == 0, sample.Output);
        foreach (var stage in new[] { "module_generation", "resource_generation", "validation", "hooks" })
        {
            Assert.Contains($"pipeline_stage_duration_seconds_count{{job=\"sample-under-test\",stage=\"{stage}\",status=\"success\"}}", metrics, StringComparison.Ordinal);
        }
        Assert.Contains("pipeline_modules_processed_total{job=\"sample-under-test\",status=\"error\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("pipeline_modules_active{job=\"sample-under-test\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("pipeline_gen_ai_tokens_total{job=\"sample-under-test\"", metrics, StringComparison.Ordinal);
        var snapshot = await Poll.UntilAsync(
            () => Task.FromResult(_monitor.Get<IPipelineFeed>().LatestSnapshots.FirstOrDefault(s => s.Metrics.Job == "sample-under-test")),
            s => s is { Metrics.SampleCount: > 0 }, "a snapshot of the sample");
        Assert.InRange(snapshot!.Metrics.ErrorRate, 0.01, 0.6);
    }
}
