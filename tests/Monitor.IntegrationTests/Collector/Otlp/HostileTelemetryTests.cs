using System.Net;
using Monitor.Collector.Pipeline;
using Monitor.Collector.Protocol.Collector.Metrics;
using Monitor.Collector.Protocol.Collector.Trace;
using Monitor.Collector.Protocol.Common;
using Monitor.Collector.Protocol.Metrics;
using Monitor.TestSupport;

namespace Monitor.IntegrationTests.Collector.Otlp;

/// <summary>
/// The drills of a hostile client, as specifications: whatever is sent, what the monitor keeps
/// is bounded, every cut and refusal is counted, and what it answers stays small.
/// </summary>
public sealed class HostileTelemetryTests : IAsyncLifetime
{
    private MonitorHost _monitor = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _monitor = await MonitorHost.StartAsync(new Dictionary<string, string?>
    {
        ["Collector:MaxPipelines"] = "20",
        ["Collector:MaxResourceTypesPerPipeline"] = "5",
        ["Collector:SnapshotInterval"] = "00:00:00.2",
    });

    public ValueTask DisposeAsync() => _monitor.DisposeAsync();

    [Fact]
    public async Task ServiceNameOfAMebibyte_FiveTimes_CutToTheLimitCountedAndMetricsStaysSmall()
    {
        using var truncated = new OwnInstrument(_monitor, "monitor.otlp.truncated", tag: "field");
        for (var i = 0; i < 5; i++)
        {
            var job = new string((char)('a' + i), 1 << 20);
            await PostTracesAsync(OtlpRequests.Traces(job, OtlpRequests.Span("hooks"), OtlpRequests.Span("module_generation", name: "m")));
        }

        var metrics = await _monitor.ScrapeAsync();
        Assert.True(metrics.Length < 200_000, $"/metrics is {metrics.Length} bytes");
        Assert.Equal(5, truncated.Total("service.name"));
        Assert.Contains("monitor_otlp_truncated_total{", metrics, StringComparison.Ordinal);
        await Poll.UntilAsync(() => Task.FromResult(_monitor.Get<IPipelineFeed>().LatestSnapshots.Count(s => s.Metrics.Job.EndsWith('…'))),
            count => count == 5, "five pipelines with cut names");
        Assert.All(_monitor.Get<IPipelineFeed>().LatestSnapshots, s => Assert.True(s.Metrics.Job.Length <= 256));
    }

    [Fact]
    public async Task PipelinesPastMaxPipelines_RefusedAsPartialSuccessAndCounted_OthersGoOn()
    {
        using var rejections = new OwnInstrument(_monitor, "monitor.otlp.rejected", tag: "reason");
        var rejected = 0L;
        for (var i = 0; i < 50; i++)
        {
            var answer = await PostTracesAsync(OtlpRequests.Traces($"flood-{i:D2}", OtlpRequests.Span("hooks"), OtlpRequests.Span("validation"), OtlpRequests.Span(null)));
            rejected += answer.PartialSuccess?.RejectedSpans ?? 0;
            if (i == 49)
            {
                Assert.Contains("Collector:MaxPipelines (20)", answer.PartialSuccess!.ErrorMessage, StringComparison.Ordinal);
            }
        }

        // Only pipeline spans are refused: a span without a stage feeds nothing and is fine.
        Assert.Equal(30 * 2, rejected);
        Assert.Equal(20, _monitor.Get<PerformanceTracker>().PipelineCount);
        Assert.Equal(60, rejections.Total("pipelines"));
        Assert.Contains("monitor_otlp_rejected_total{", await _monitor.ScrapeAsync(), StringComparison.Ordinal);
        var again = await PostTracesAsync(OtlpRequests.Traces("flood-00", OtlpRequests.Span("hooks")));
        Assert.Null(again.PartialSuccess);
    }

    [Fact]
    public async Task ResourceTypesPastThePerPipelineCap_CountedTogetherAsOther()
    {
        var spans = Enumerable.Range(0, 40).Select(i =>
        {
            var span = OtlpRequests.Span("resource_generation", name: "r" + i);
            span.Attributes.Add(Text("pipeline.resource.type", "type-" + i));
            span.Attributes.Add(new KeyValue { Key = "pipeline.quality.score", Value = new AnyValue { DoubleValue = 0.9 } });
            return span;
        }).ToArray();

        await PostTracesAsync(OtlpRequests.Traces("many-types", spans));

        var snapshot = await Poll.UntilAsync(() => Task.FromResult(_monitor.Get<IPipelineFeed>().SnapshotOf("many-types")),
            s => s?.Metrics.TotalResourcesGenerated == 40, "the spans in the window");
        Assert.Equal(6, snapshot!.Metrics.ResourcesByType.Count);
        Assert.Equal(35, snapshot.Metrics.ResourcesByType[TrackedPipeline.Other]);
        Assert.Equal(6, snapshot.Metrics.QualityScores.Count);
        Assert.Equal(35, await _monitor.SampleAsync("pipeline_resources_generated_total{job=\"many-types\",resource_type=\"_other\",status=\"success\"}"));
    }

    [Fact]
    public async Task LabelsLongerOrMoreThanTheLimits_CutDroppedOrRefusedAndCounted()
    {
        var gauge = new Metric { Name = "labelled", Gauge = new Gauge() };
        var wide = new NumberDataPoint { AsInt = 1 };
        wide.Attributes.Add(Text("long.value", new string('v', 100_000)));
        for (var i = 0; i < 200; i++)
        {
            wide.Attributes.Add(Text("key" + i, "x"));
        }
        wide.Attributes.Add(Text(new string('k', 1000), "long key"));
        gauge.Gauge.DataPoints.Add(wide);
        var named = new Metric { Name = new string('n', 10_000), Gauge = new Gauge() };
        named.Gauge.DataPoints.Add(new NumberDataPoint { AsInt = 1 });

        using var response = await _monitor.OtlpHttp.PostAsync("/v1/metrics", OtlpRequests.Protobuf(OtlpRequests.Metrics("labels", gauge, named)), Cancel);

        var answer = ExportMetricsServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync(Cancel));
        Assert.Equal(1, answer.PartialSuccess.RejectedDataPoints);
        Assert.Contains("metric name is longer than 256 characters", answer.PartialSuccess.ErrorMessage, StringComparison.Ordinal);
        var line = (await _monitor.ScrapeAsync()).Split('\n').Single(l => l.StartsWith("labelled{", StringComparison.Ordinal));
        Assert.True(line.Length < 4_000, $"the line is {line.Length} characters");
        Assert.Contains("long_value=\"" + new string('v', 255) + "…\"", line, StringComparison.Ordinal);
        Assert.DoesNotContain("long key", line, StringComparison.Ordinal);
    }

    private async Task<ExportTraceServiceResponse> PostTracesAsync(ExportTraceServiceRequest request)
    {
        using var response = await _monitor.OtlpHttp.PostAsync("/v1/traces", OtlpRequests.Protobuf(request), Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return ExportTraceServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync(Cancel));
    }

    private static KeyValue Text(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };
}
