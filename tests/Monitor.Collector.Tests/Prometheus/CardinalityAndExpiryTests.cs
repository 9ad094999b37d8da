using System.Net;
using Monitor.Collector.Otlp.Protocol.Collector.Metrics;
using Monitor.Collector.Otlp.Protocol.Metrics;
using Monitor.Collector.Prometheus;
using Monitor.Collector.Tests.Otlp;
using Monitor.TestSupport;

namespace Monitor.Collector.Tests.Prometheus;

/// <summary>Collector:MaxSeries caps the series; Collector:SeriesTtl expires idle ones.</summary>
public sealed class CardinalityAndExpiryTests : IAsyncLifetime
{
    private MonitorHost _monitor = null!;

    public async ValueTask InitializeAsync() =>
        _monitor = await MonitorHost.StartAsync(new Dictionary<string, string?>
        {
            ["Collector:MaxSeries"] = "20",
            ["Collector:SeriesTtl"] = "00:00:02",
            ["Collector:SnapshotInterval"] = "00:00:00.2",
        });

    public ValueTask DisposeAsync() => _monitor.DisposeAsync();

    [Fact]
    public async Task PastMaxSeries_NewSeriesDroppedCountedAndReported_MonitorKeepsWorking()
    {
        var cancel = TestContext.Current.CancellationToken;
        var gauge = new Metric { Name = "per_request", Gauge = new Gauge() };
        for (var i = 0; i < 50; i++)
        {
            var point = new NumberDataPoint { AsInt = i };
            point.Attributes.Add(new Collector.Otlp.Protocol.Common.KeyValue
            {
                Key = "request.id",
                Value = new Collector.Otlp.Protocol.Common.AnyValue { StringValue = "r" + i },
            });
            gauge.Gauge.DataPoints.Add(point);
        }

        using var response = await _monitor.OtlpHttp.PostAsync("/v1/metrics", OtlpRequests.Protobuf(OtlpRequests.Metrics("unbounded", gauge)), cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = ExportMetricsServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync(cancel));
        var budget = _monitor.Get<SeriesBudget>();
        Assert.Equal(20, budget.Count);
        // 20 series in all: target_info took one, so 19 points got a series and 31 were refused.
        Assert.Equal(31, answer.PartialSuccess.RejectedDataPoints);
        Assert.Contains("cardinality cap", answer.PartialSuccess.ErrorMessage, StringComparison.Ordinal);
        var metrics = await _monitor.ScrapeAsync();
        Assert.Equal(19, metrics.Split('\n').Count(l => l.StartsWith("per_request{", StringComparison.Ordinal)));
        Assert.Contains("reason=\"cardinality\"} 31", metrics, StringComparison.Ordinal);
    }

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
