using Monitor.Collector.Pipeline;
using Monitor.TestSupport;
using OpenTelemetry.Exporter;

namespace Monitor.IntegrationTests.Collector.Otlp;

/// <summary>The real OpenTelemetry SDK exporters, over gRPC and HTTP/protobuf, against the real host.</summary>
public sealed class SdkExportTests(SdkExportTests.Host host) : IClassFixture<SdkExportTests.Host>
{
    public sealed class Host : IAsyncLifetime
    {
        public MonitorHost Monitor { get; private set; } = null!;

        public async ValueTask InitializeAsync() => Monitor = await MonitorHost.StartAsync();

        public ValueTask DisposeAsync() => Monitor.DisposeAsync();
    }

    private MonitorHost Monitor => host.Monitor;

    [Theory]
    [InlineData(OtlpExportProtocol.Grpc)]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    public async Task Export_PipelineSpansOfEveryStage_DerivedSeriesHaveExactValues(OtlpExportProtocol protocol)
    {
        var job = $"sdk-{protocol}".ToLowerInvariant();
        using (var spans = new PipelineSpans(job, protocol == OtlpExportProtocol.Grpc ? Monitor.OtlpGrpcUri : Monitor.OtlpHttpUri, protocol))
        {
            spans.Span("module_generation", TimeSpan.FromMilliseconds(200), attributes: ("pipeline.module.id", "m-1"));
            spans.Span("module_generation", TimeSpan.FromMilliseconds(300));
            spans.Span("module_generation", TimeSpan.FromMilliseconds(1500), error: true);
            spans.Span("resource_generation", TimeSpan.FromMilliseconds(50), false,
                ("pipeline.resource.type", "terraform"), ("pipeline.quality.score", 0.9),
                ("gen_ai.request.model", "gpt-x"), ("gen_ai.usage.input_tokens", 100), ("gen_ai.usage.output_tokens", 40));
            spans.Span("resource_generation", TimeSpan.FromMilliseconds(50), false,
                ("pipeline.resource.type", "terraform"), ("pipeline.quality.score", 0.65),
                ("gen_ai.request.model", "gpt-x"), ("gen_ai.usage.input_tokens", 100), ("gen_ai.usage.output_tokens", 60));
            spans.Span("validation", TimeSpan.FromMilliseconds(10), false, ("error.type", "SchemaError"));
            spans.Span("hooks", TimeSpan.FromMilliseconds(4));
            spans.Flush();
        }

        var metrics = await Monitor.ScrapeAsync();

        var expected = new Dictionary<string, double>
        {
            [$"pipeline_modules_processed_total{{job=\"{job}\",status=\"success\"}}"] = 2,
            [$"pipeline_modules_processed_total{{job=\"{job}\",status=\"error\"}}"] = 1,
            [$"pipeline_resources_generated_total{{job=\"{job}\",resource_type=\"terraform\",status=\"success\"}}"] = 2,
            [$"pipeline_stage_duration_seconds_bucket{{job=\"{job}\",stage=\"module_generation\",status=\"success\",le=\"0.25\"}}"] = 1,
            [$"pipeline_stage_duration_seconds_bucket{{job=\"{job}\",stage=\"module_generation\",status=\"success\",le=\"0.5\"}}"] = 2,
            [$"pipeline_stage_duration_seconds_sum{{job=\"{job}\",stage=\"module_generation\",status=\"success\"}}"] = 0.5,
            [$"pipeline_stage_duration_seconds_count{{job=\"{job}\",stage=\"module_generation\",status=\"error\"}}"] = 1,
            [$"pipeline_stage_duration_seconds_bucket{{job=\"{job}\",stage=\"module_generation\",status=\"error\",le=\"1\"}}"] = 0,
            [$"pipeline_stage_duration_seconds_bucket{{job=\"{job}\",stage=\"module_generation\",status=\"error\",le=\"2.5\"}}"] = 1,
            [$"pipeline_stage_duration_seconds_count{{job=\"{job}\",stage=\"resource_generation\",status=\"success\"}}"] = 2,
            [$"pipeline_stage_duration_seconds_count{{job=\"{job}\",stage=\"validation\",status=\"error\"}}"] = 1,
            [$"pipeline_stage_duration_seconds_bucket{{job=\"{job}\",stage=\"hooks\",status=\"success\",le=\"0.005\"}}"] = 1,
            [$"pipeline_quality_score_bucket{{job=\"{job}\",resource_type=\"terraform\",le=\"0.6\"}}"] = 0,
            [$"pipeline_quality_score_bucket{{job=\"{job}\",resource_type=\"terraform\",le=\"0.7\"}}"] = 1,
            [$"pipeline_quality_score_bucket{{job=\"{job}\",resource_type=\"terraform\",le=\"0.9\"}}"] = 2,
            [$"pipeline_quality_score_count{{job=\"{job}\",resource_type=\"terraform\"}}"] = 2,
            [$"pipeline_gen_ai_tokens_total{{job=\"{job}\",model=\"gpt-x\",direction=\"input\"}}"] = 200,
            [$"pipeline_gen_ai_tokens_total{{job=\"{job}\",model=\"gpt-x\",direction=\"output\"}}"] = 100,
        };
        foreach (var (series, value) in expected)
        {
            Assert.True(MonitorHost.SampleIn(metrics, series) == value,
                $"{series}: expected {value}, got {MonitorHost.SampleIn(metrics, series)?.ToString() ?? "no sample"}");
        }
    }

    [Fact]
    public async Task Export_PipelineSpans_SnapshotSummarisesTheWindow()
    {
        const string job = "sdk-snapshot";
        var feed = Monitor.Get<IPipelineFeed>();
        using (var spans = new PipelineSpans(job, Monitor.OtlpGrpcUri, OtlpExportProtocol.Grpc))
        {
            for (var i = 0; i < 8; i++)
            {
                spans.Span("module_generation", TimeSpan.FromMilliseconds(100), error: i < 2);
            }
            spans.Span("resource_generation", TimeSpan.FromMilliseconds(300), false, ("pipeline.resource.type", "k8s"), ("pipeline.quality.score", 0.5));
            spans.Span("resource_generation", TimeSpan.FromMilliseconds(300), false, ("pipeline.resource.type", "k8s"), ("pipeline.quality.score", 1.0));
            spans.Flush();
        }

        var snapshot = await Poll.UntilAsync(
            () => Task.FromResult(feed.LatestSnapshots.FirstOrDefault(s => s.Metrics.Job == job)),
            s => s?.Metrics.SampleCount == 10,
            "a snapshot with the 10 spans");

        var metrics = snapshot!.Metrics;
        Assert.Equal(8, metrics.TotalModulesProcessed);
        Assert.Equal(2, metrics.TotalResourcesGenerated);
        Assert.Equal(0.2, metrics.ErrorRate, 10);
        Assert.Equal(0.8, metrics.SuccessRate, 10);
        Assert.Equal(140, metrics.AverageProcessingTime, 6);
        Assert.Equal(2, metrics.ResourcesByType["k8s"]);
        Assert.Equal(0.75, metrics.QualityScores["k8s"], 10);
        Assert.Equal(8, metrics.Performance["module_generation"].Count);
        Assert.Equal(2, metrics.Performance["module_generation"].Failed);
        Assert.True(snapshot.Status.IsRunning);
        Assert.NotNull(snapshot.Status.LastActivity);
    }

    [Fact]
    public async Task Export_PipelineSpans_SpanSubscribersReceiveThemWithIds()
    {
        const string job = "sdk-subscriber";
        using var subscription = Monitor.Get<IPipelineFeed>().SubscribeSpans();
        using (var spans = new PipelineSpans(job, Monitor.OtlpHttpUri, OtlpExportProtocol.HttpProtobuf))
        {
            spans.Span("validation", TimeSpan.FromMilliseconds(20), false, ("pipeline.module.id", "mod-7"), ("pipeline.resource.id", "res-3"));
            spans.Flush();
        }

        using var timeout = new CancellationTokenSource(Poll.DefaultTimeout);
        PipelineSpan received;
        do
        {
            var batch = await subscription.Reader.ReadAsync(timeout.Token);
            received = batch.Spans.FirstOrDefault(s => s.Job == job);
        }
        while (received.Job != job);

        Assert.Equal(PipelineStage.Validation, received.Stage);
        Assert.Equal("mod-7", received.ModuleId);
        Assert.Equal("res-3", received.ResourceId);
        Assert.Equal("instance-1", received.Instance);
        Assert.NotEqual(default, received.TraceId);
        Assert.Equal(0.02, received.DurationSeconds, 9);
    }
}
