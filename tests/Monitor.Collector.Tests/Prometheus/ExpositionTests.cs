using System.Buffers;
using System.Text;
using Monitor.Collector.Prometheus;

namespace Monitor.Collector.Tests.Prometheus;

/// <summary>The text format, written exactly: HELP/TYPE once per family, escaping, cumulative buckets.</summary>
public sealed class ExpositionTests
{
    private static string Write(MetricRegistry registry)
    {
        var buffer = new ArrayBufferWriter<byte>();
        registry.WriteTo(buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static LabelSet Labels(params (string Name, string Value)[] labels) =>
        new([.. labels.Select(l => new KeyValuePair<string, string>(l.Name, l.Value))]);

    [Fact]
    public async Task WriteToAsync_ManySeriesInSteps_SameTextAsInOneGo()
    {
        var registry = new MetricRegistry(new SeriesBudget(20_000));
        var family = registry.GetOrAddFamily<LabelSet, ValueSeries>("load_series", MetricType.Gauge, "Many",
            static l => new ValueSeries(PrometheusText.EncodeLabels(l.Labels)))!;
        for (var i = 0; i < 5_001; i++)
        {
            family.GetOrAdd(Labels(("n", i.ToString(System.Globalization.CultureInfo.InvariantCulture))))!.Set(i);
        }
        registry.GetOrAddFamily<LabelSet, ValueSeries>("after", MetricType.Gauge, "After", static l => new ValueSeries(PrometheusText.EncodeLabels(l.Labels)))!
            .GetOrAdd(Labels())!.Set(1);
        var pipe = new System.IO.Pipelines.Pipe(new System.IO.Pipelines.PipeOptions(pauseWriterThreshold: 0));

        await registry.WriteToAsync(pipe.Writer, TestContext.Current.CancellationToken);
        await pipe.Writer.CompleteAsync();
        var result = await pipe.Reader.ReadAtLeastAsync(int.MaxValue, TestContext.Current.CancellationToken);

        Assert.Equal(Write(registry), Encoding.UTF8.GetString(result.Buffer));
    }

    [Fact]
    public void WriteTo_CounterGaugeHistogramSummary_ExactText()
    {
        var registry = new MetricRegistry(new SeriesBudget(100));
        var counter = registry.GetOrAddFamily<LabelSet, ValueSeries>("jobs_total", MetricType.Counter, "Jobs run.\nSecond line",
            static l => new ValueSeries(PrometheusText.EncodeLabels(l.Labels)))!;
        counter.GetOrAdd(Labels(("job", "a"), ("path", "C:\\dir \"x\"")))!.Add(3);
        var gauge = registry.GetOrAddFamily<LabelSet, ValueSeries>("depth", MetricType.Gauge, "Depth",
            static l => new ValueSeries(PrometheusText.EncodeLabels(l.Labels)))!;
        gauge.GetOrAdd(Labels())!.Set(0.25);
        var histogram = registry.GetOrAddFamily<string, HistogramSeries>("wait_seconds", MetricType.Histogram, "Wait",
            static job => new HistogramSeries(PrometheusText.EncodeLabels([new("job", job)]), new HistogramBuckets([0.1, 1])))!;
        var series = histogram.GetOrAdd("a")!;
        series.Observe(0.05);
        series.Observe(0.1);
        series.Observe(7);
        var summary = registry.GetOrAddFamily<LabelSet, PointSeries>("rpc_seconds", MetricType.Summary, "RPC",
            static l => new PointSeries(PrometheusText.EncodeLabels(l.Labels), MetricType.Summary))!;
        summary.GetOrAdd(Labels(("job", "b")))!.UpdateSummary([0.5], [0.2], 1.5, 4);

        var text = Write(registry);

        Assert.Equal("""
            # HELP depth Depth
            # TYPE depth gauge
            depth 0.25
            # HELP jobs_total Jobs run.\nSecond line
            # TYPE jobs_total counter
            jobs_total{job="a",path="C:\\dir \"x\""} 3
            # HELP rpc_seconds RPC
            # TYPE rpc_seconds summary
            rpc_seconds{job="b",quantile="0.5"} 0.2
            rpc_seconds_sum{job="b"} 1.5
            rpc_seconds_count{job="b"} 4
            # HELP wait_seconds Wait
            # TYPE wait_seconds histogram
            wait_seconds_bucket{job="a",le="0.1"} 2
            wait_seconds_bucket{job="a",le="1"} 2
            wait_seconds_bucket{job="a",le="+Inf"} 3
            wait_seconds_sum{job="a"} 7.15
            wait_seconds_count{job="a"} 3

            """.ReplaceLineEndings("\n"), text);
    }

    [Fact]
    public void PointSeries_DeltaHistogramPoints_AccumulateUntilBoundsChange()
    {
        var registry = new MetricRegistry(new SeriesBudget(10));
        var family = registry.GetOrAddFamily<LabelSet, PointSeries>("h", MetricType.Histogram, "H",
            static l => new PointSeries(PrometheusText.EncodeLabels(l.Labels), MetricType.Histogram))!;
        var series = family.GetOrAdd(Labels())!;

        series.UpdateHistogram([1], [1], 0.5, 2, delta: true);
        series.UpdateHistogram([1], [2], 1.0, 3, delta: true);
        var accumulated = Write(registry);
        series.UpdateHistogram([2], [4], 3.0, 4, delta: true);
        var restarted = Write(registry);

        Assert.Contains("h_bucket{le=\"1\"} 3\nh_bucket{le=\"+Inf\"} 5\nh_sum 1.5\nh_count 5", accumulated, StringComparison.Ordinal);
        Assert.Contains("h_bucket{le=\"2\"} 4\nh_bucket{le=\"+Inf\"} 4\nh_sum 3\nh_count 4", restarted, StringComparison.Ordinal);
    }

    [Fact]
    public void GetOrAddFamily_SameNameOtherType_Null()
    {
        var registry = new MetricRegistry(new SeriesBudget(10));
        registry.GetOrAddFamily<LabelSet, ValueSeries>("x", MetricType.Counter, "", static l => new ValueSeries([]));

        Assert.Null(registry.GetOrAddFamily<LabelSet, ValueSeries>("x", MetricType.Gauge, "", static l => new ValueSeries([])));
    }

    [Fact]
    public void LabelSet_KeysThatSanitiseAlike_ValuesJoined()
    {
        var labels = Labels(("a_b", "1"), ("a_b", "2"), ("c", "3"));

        Assert.Equal(["a_b=1;2", "c=3"], labels.Labels.ToArray().Select(l => $"{l.Key}={l.Value}"));
    }
}
