using System.Net;
using Monitor.Collector.Prometheus;
using Monitor.Collector.Protocol.Collector.Metrics;
using Monitor.Collector.Protocol.Common;
using Monitor.Collector.Protocol.Metrics;
using Monitor.TestSupport;

namespace Monitor.IntegrationTests.Collector.Prometheus;

/// <summary>Collector:MaxSeries caps what /metrics writes, line by line.</summary>
public sealed class CardinalityTests : IAsyncLifetime
{
    private MonitorHost _monitor = null!;

    public async ValueTask InitializeAsync() =>
        _monitor = await MonitorHost.StartAsync(new Dictionary<string, string?> { ["Collector:MaxSeries"] = "20" });

    public ValueTask DisposeAsync() => _monitor.DisposeAsync();

    [Fact]
    public async Task PastMaxSeries_NewSeriesDroppedCountedAndReported_MonitorKeepsWorking()
    {
        var cancel = TestContext.Current.CancellationToken;
        var gauge = new Metric { Name = "per_request", Gauge = new Gauge() };
        for (var i = 0; i < 50; i++)
        {
            var point = new NumberDataPoint { AsInt = i };
            point.Attributes.Add(new KeyValue
            {
                Key = "request.id",
                Value = new AnyValue { StringValue = "r" + i },
            });
            gauge.Gauge.DataPoints.Add(point);
        }

        using var response = await _monitor.OtlpHttp.PostAsync("/v1/metrics", OtlpRequests.Protobuf(OtlpRequests.Metrics("unbounded", gauge)), cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = ExportMetricsServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync(cancel));
        var budget = _monitor.Get<SeriesBudget>();
        Assert.Equal(20, budget.Count);
        // 20 lines in all: target_info's header and series and per_request's header took three,
        // so 17 points got a series and 33 were refused.
        Assert.Equal(33, answer.PartialSuccess.RejectedDataPoints);
        Assert.Contains("cardinality cap", answer.PartialSuccess.ErrorMessage, StringComparison.Ordinal);
        var metrics = await _monitor.ScrapeAsync();
        Assert.Equal(17, metrics.Split('\n').Count(l => l.StartsWith("per_request{", StringComparison.Ordinal)));
        Assert.Contains("reason=\"cardinality\"} 33", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HistogramBuckets_EachCountAgainstMaxSeries_AsPrometheusCountsThem()
    {
        var cancel = TestContext.Current.CancellationToken;
        var histogram = new Metric { Name = "wide", Histogram = new Histogram { AggregationTemporality = AggregationTemporality.Cumulative } };
        foreach (var (id, buckets) in new[] { ("fits", 5), ("too-wide", 30) })
        {
            var point = new HistogramDataPoint { Count = 1, Sum = 1 };
            point.ExplicitBounds.Add(Enumerable.Range(1, buckets).Select(b => (double)b));
            point.BucketCounts.Add(Enumerable.Repeat(0UL, buckets).Append(1UL));
            point.Attributes.Add(new KeyValue { Key = "id", Value = new AnyValue { StringValue = id } });
            histogram.Histogram.DataPoints.Add(point);
        }

        using var response = await _monitor.OtlpHttp.PostAsync("/v1/metrics", OtlpRequests.Protobuf(OtlpRequests.Metrics("wide-histograms", histogram)), cancel);

        var answer = ExportMetricsServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync(cancel));
        Assert.Equal(1, answer.PartialSuccess.RejectedDataPoints);
        var metrics = await _monitor.ScrapeAsync();
        Assert.Equal(8, metrics.Split('\n').Count(l => l.StartsWith("wide{", StringComparison.Ordinal) || l.StartsWith("wide_", StringComparison.Ordinal)));
        Assert.DoesNotContain("too-wide", metrics, StringComparison.Ordinal);
        Assert.True(_monitor.Get<SeriesBudget>().Count <= 20);
    }
}

/// <summary>Collector:SeriesTtl expires idle series.</summary>
public sealed class SeriesExpiryTests : IAsyncLifetime
{
    private MonitorHost _monitor = null!;

    public async ValueTask InitializeAsync() =>
        _monitor = await MonitorHost.StartAsync(new Dictionary<string, string?>
        {
            ["Collector:SeriesTtl"] = "00:00:02",
            ["Collector:SnapshotInterval"] = "00:00:00.2",
        });

    public ValueTask DisposeAsync() => _monitor.DisposeAsync();

    [Fact]
    public async Task SeriesNotUpdatedWithinTtl_LeavesMetrics()
    {
        var cancel = TestContext.Current.CancellationToken;
        using var response = await _monitor.OtlpHttp.PostAsync("/v1/traces",
            OtlpRequests.Protobuf(OtlpRequests.Traces("short-lived", OtlpRequests.Span("hooks"))), cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        const string series = "pipeline_stage_duration_seconds_count{job=\"short-lived\",stage=\"hooks\",status=\"success\"}";
        Assert.Equal(1, await _monitor.SampleAsync(series));

        await Poll.UntilAsync(() => _monitor.SampleAsync(series), value => value is null, "the idle series to expire");
    }
}
