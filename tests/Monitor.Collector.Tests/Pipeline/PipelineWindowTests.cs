using Microsoft.Extensions.Time.Testing;
using Monitor.Collector.Pipeline;
using Monitor.Collector.Prometheus;

namespace Monitor.Collector.Tests.Pipeline;

/// <summary>The sliding window behind the snapshots: what falls out of it, and the rates at the edges.</summary>
public sealed class PipelineWindowTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    private readonly PipelineSeries _series = new(new MetricRegistry(new SeriesBudget(1000)));

    private static PipelineSpan Span(PipelineStage stage, double seconds, bool failed = false, string? type = null, double? quality = null) =>
        new("job", "i", stage, failed, seconds, DateTimeOffset.UnixEpoch, new TraceId((ulong)Random.Shared.NextInt64(), (ulong)Random.Shared.NextInt64()), new SpanId((ulong)Random.Shared.NextInt64()),
            null, null, type, quality, null, 0, 0);

    [Fact]
    public void Snapshot_SpansOlderThanTheWindow_LeaveRatesButNotTotals()
    {
        var window = new PipelineWindow("job", TimeSpan.FromSeconds(10));
        window.Record(Span(PipelineStage.ModuleGeneration, 1, failed: true), _time.GetUtcNow());
        _time.Advance(TimeSpan.FromSeconds(5));
        window.Record(Span(PipelineStage.ModuleGeneration, 3), _time.GetUtcNow());
        var both = window.Snapshot(_time.GetUtcNow(), TimeSpan.FromSeconds(10), _series).Metrics;

        _time.Advance(TimeSpan.FromSeconds(6));
        var later = window.Snapshot(_time.GetUtcNow(), TimeSpan.FromSeconds(10), _series).Metrics;

        Assert.Equal((2, 0.5, 2000.0), (both.SampleCount, both.ErrorRate, both.AverageProcessingTime));
        Assert.Equal((1, 0.0, 1.0, 3000.0), (later.SampleCount, later.ErrorRate, later.SuccessRate, later.AverageProcessingTime));
        Assert.Equal(2, later.TotalModulesProcessed);
    }

    [Fact]
    public void Snapshot_NoSpanInTheWindow_ZeroRatesAndNotRunning()
    {
        var window = new PipelineWindow("job", TimeSpan.FromSeconds(10));
        window.Record(Span(PipelineStage.Hooks, 0.1), _time.GetUtcNow());
        _time.Advance(TimeSpan.FromSeconds(30));

        var (metrics, status) = window.Snapshot(_time.GetUtcNow(), TimeSpan.FromSeconds(10), _series);

        Assert.Equal((0, 0.0, 0.0), (metrics.SampleCount, metrics.ErrorRate, metrics.SuccessRate));
        Assert.False(status.IsRunning);
        Assert.Equal(0, status.Uptime);
    }

    [Fact]
    public void Snapshot_QualityAndResources_PerResourceType()
    {
        var window = new PipelineWindow("job", TimeSpan.FromMinutes(1));
        window.Record(Span(PipelineStage.ResourceGeneration, 0.1, type: "helm", quality: 0.5), _time.GetUtcNow());
        window.Record(Span(PipelineStage.ResourceGeneration, 0.1, type: "helm", quality: 0.9), _time.GetUtcNow());
        window.Record(Span(PipelineStage.Validation, 0.1, type: "kustomize", quality: 1), _time.GetUtcNow());
        _time.Advance(TimeSpan.FromSeconds(20));

        var (metrics, status) = window.Snapshot(_time.GetUtcNow(), TimeSpan.FromMinutes(1), _series);

        Assert.Equal(2, metrics.ResourcesByType["helm"]);
        Assert.False(metrics.ResourcesByType.ContainsKey("kustomize"));
        Assert.Equal(0.7, metrics.QualityScores["helm"], 10);
        Assert.Equal(1, metrics.QualityScores["kustomize"]);
        Assert.Equal(20, status.Uptime);
        Assert.True(status.IsRunning);
    }

    [Fact]
    public void Snapshot_StageP95_EstimatedFromTheDurationBucketsAsHistogramQuantile()
    {
        var window = new PipelineWindow("job", TimeSpan.FromMinutes(1));
        // 100 validation spans: 90 at 40 ms (bucket 25-50 ms), 10 at 2 s (bucket 1-2.5 s).
        for (var i = 0; i < 90; i++)
        {
            window.Record(Span(PipelineStage.Validation, 0.040), _time.GetUtcNow());
        }
        for (var i = 0; i < 10; i++)
        {
            window.Record(Span(PipelineStage.Validation, 2), _time.GetUtcNow());
        }

        var validation = window.Snapshot(_time.GetUtcNow(), TimeSpan.FromMinutes(1), _series).Metrics.Performance["validation"];

        // Rank 95 is the 5th of the 10 in (1 s, 2.5 s]: 1 + 1.5 * 5/10 = 1.75 s, as histogram_quantile(0.95, ...) answers.
        Assert.Equal(1750, validation.P95Time, precision: 6);
        Assert.Equal(2000, validation.MaxTime, precision: 6);
    }

    [Fact]
    public void Snapshot_StageP95_NeverAboveTheLongestSpanAndZeroWithoutSpans()
    {
        var window = new PipelineWindow("job", TimeSpan.FromMinutes(1));
        window.Record(Span(PipelineStage.Hooks, 0.3), _time.GetUtcNow());
        window.Record(Span(PipelineStage.Hooks, 900), _time.GetUtcNow());

        var performance = window.Snapshot(_time.GetUtcNow(), TimeSpan.FromMinutes(1), _series).Metrics.Performance;

        Assert.Equal(900_000, performance["hooks"].P95Time, precision: 6);
        Assert.Equal(0, performance["module_generation"].P95Time);
    }
}
