using System.Buffers;
using System.Text;
using CsCheck;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Monitor.Collector.Ingestion;
using Monitor.Collector.Prometheus;
using Monitor.Collector.Protocol.Collector.Metrics;
using Monitor.Collector.Protocol.Common;
using Monitor.Collector.Protocol.Metrics;
using Monitor.Collector.Protocol.Resource;

namespace Monitor.Collector.Tests.Prometheus;

/// <summary>
/// Telemetry never makes /metrics invalid: whatever a pipeline sends, the exposition keeps the text
/// format's rules (ExpositionRules: one sample per series, buckets cumulative and never negative with
/// strictly increasing le ending in +Inf = _count). A point that would break them is refused as a
/// partial success naming it, counted with its reason; series identity is decided on the labels as
/// written, so an empty label value is the same series as no label.
/// </summary>
public sealed class ExpositionSecurityTests
{
    // A few seconds: the test command stays short; CI runs the property every time. A longer hunt:
    // MONITOR_PROPERTY_SECONDS=600 dotnet test tests/Monitor.Collector.Tests --filter AnyTelemetry
    private static readonly int Seconds = int.TryParse(Environment.GetEnvironmentVariable("MONITOR_PROPERTY_SECONDS"), out var seconds) ? seconds : 5;

    [Fact]
    public void HistogramPoint_BucketsNotSummingToCount_RefusedAsInconsistent()
    {
        // The reproduction: count 1, bucket counts [1,2,3] was written le="0.5"} 3 ... le="+Inf"} 1.
        using var collector = Collector.Start();

        var result = collector.Ingest(Histogram("inconsistent", bounds: [0.5, 1], counts: [1, 2, 3], count: 1));

        Assert.Equal(1, result.Rejected);
        Assert.Contains("bucket counts add up to 6, not to count 1", result.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(1, collector.Rejected("inconsistent_histogram"));
        Assert.DoesNotContain("inconsistent_", collector.Exposition(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { 1.0, 1.0 }, "strictly increasing")]
    [InlineData(new[] { 2.0, 1.0 }, "strictly increasing")]
    [InlineData(new[] { 1.0, double.NaN }, "finite")]
    [InlineData(new[] { 1.0, double.PositiveInfinity }, "finite")]
    public void HistogramPoint_BoundsNotStrictlyIncreasingAndFinite_Refused(double[] bounds, string message)
    {
        using var collector = Collector.Start();

        var result = collector.Ingest(Histogram("bad_bounds", bounds, counts: [1, 1, 1], count: 3));

        Assert.Equal(1, result.Rejected);
        Assert.Contains(message, result.ErrorMessage, StringComparison.Ordinal);
        Assert.Empty(ExpositionRules.Broken(collector.Exposition()));
    }

    [Fact]
    public void HistogramPoint_CountsPastWhatAnExpositionCanHold_Refused()
    {
        // The reproduction: -9223372036854775616 from an unchecked cast of the running sum.
        using var collector = Collector.Start();

        var huge = collector.Ingest(Histogram("huge", bounds: [1], counts: [9_223_372_036_854_775_000, 9_223_372_036_854_775_000], count: 18_446_744_073_709_550_000));
        var overflow = collector.Ingest(Histogram("overflow", bounds: [1], counts: [ulong.MaxValue, 2], count: 1));

        Assert.Equal(1, huge.Rejected);
        Assert.Equal(1, overflow.Rejected);
        Assert.Empty(ExpositionRules.Broken(collector.Exposition()));
        Assert.DoesNotContain(" -", collector.Exposition(), StringComparison.Ordinal);
    }

    [Fact]
    public void DeltaHistogram_RunningTotalPastWhatAnExpositionCanHold_TheOverflowingPointRefused()
    {
        using var collector = Collector.Start();
        var half = (ulong)long.MaxValue / 2 + 1;

        var first = collector.Ingest(Histogram("delta_total", bounds: [1], counts: [half, 0], count: half, delta: true));
        var second = collector.Ingest(Histogram("delta_total", bounds: [1], counts: [half, 0], count: half, delta: true));

        Assert.Equal(0, first.Rejected);
        Assert.Equal(1, second.Rejected);
        Assert.Empty(ExpositionRules.Broken(collector.Exposition()));
    }

    [Fact]
    public void EmptyLabelValue_SameSeriesAsNoLabel_OneLine()
    {
        // The reproduction: probe_gauge_bytes{job="dup-probe",otel_scope_name="p"} 1 written twice.
        using var collector = Collector.Start();
        var gauge = new Metric { Name = "probe.gauge", Unit = "By", Gauge = new Gauge() };
        gauge.Gauge.DataPoints.Add(new NumberDataPoint { AsDouble = 1 });
        var withEmpty = new NumberDataPoint { AsDouble = 2 };
        withEmpty.Attributes.Add(new KeyValue { Key = "route", Value = new AnyValue { StringValue = "" } });
        gauge.Gauge.DataPoints.Add(withEmpty);

        collector.Ingest(Request("dup-probe", gauge));

        var lines = collector.Exposition().Split('\n').Where(l => l.StartsWith("probe_gauge_bytes{", StringComparison.Ordinal)).ToList();
        Assert.Equal(["probe_gauge_bytes{job=\"dup-probe\",otel_scope_name=\"p\"} 2"], lines);
    }

    [Fact]
    public void GaugeNamedLikeAHistogramsCount_RefusedAsATypeConflict()
    {
        // Two families that both write probe_count{...} would be one series twice.
        using var collector = Collector.Start();
        collector.Ingest(Histogram("probe", bounds: [1], counts: [1, 0], count: 1));
        var gauge = new Metric { Name = "probe_count", Gauge = new Gauge() };
        gauge.Gauge.DataPoints.Add(new NumberDataPoint { AsDouble = 5 });

        var result = collector.Ingest(Request("dup-probe", gauge));

        Assert.Equal(1, result.Rejected);
        Assert.Contains("probe_count", result.ErrorMessage, StringComparison.Ordinal);
        Assert.Empty(ExpositionRules.Broken(collector.Exposition()));
    }

    [Fact]
    public void SummaryPoint_QuantilesRepeatedOrOutsideZeroToOne_Refused()
    {
        using var collector = Collector.Start();
        var summary = new Metric { Name = "latency", Summary = new Summary() };
        var repeated = new SummaryDataPoint { Count = 2, Sum = 3 };
        repeated.QuantileValues.Add(new SummaryDataPoint.Types.ValueAtQuantile { Quantile = 0.5, Value = 1 });
        repeated.QuantileValues.Add(new SummaryDataPoint.Types.ValueAtQuantile { Quantile = 0.5, Value = 2 });
        var outside = new SummaryDataPoint { Count = 2, Sum = 3 };
        outside.QuantileValues.Add(new SummaryDataPoint.Types.ValueAtQuantile { Quantile = 1.5, Value = 1 });
        outside.Attributes.Add(new KeyValue { Key = "k", Value = new AnyValue { StringValue = "v" } });
        summary.Summary.DataPoints.Add([repeated, outside]);

        var result = collector.Ingest(Request("dup-probe", summary));

        Assert.Equal(2, result.Rejected);
        Assert.Empty(ExpositionRules.Broken(collector.Exposition()));
    }

    [Fact]
    public async Task DeltaSum_NaNAfterAValue_RefusedAndTheIngestDoesNotSpin()
    {
        // Found by the property below: a running total compared with != spun forever once it was NaN.
        using var collector = Collector.Start();
        var sum = new Metric { Name = "spin", Sum = new Sum { IsMonotonic = false, AggregationTemporality = AggregationTemporality.Delta } };
        sum.Sum.DataPoints.Add([new NumberDataPoint { AsDouble = 1 }, new NumberDataPoint { AsDouble = double.NaN }, new NumberDataPoint { AsDouble = double.NaN }]);

        var result = await Task.Run(() => collector.Ingest(Request("dup-probe", sum)), TestContext.Current.CancellationToken)
            .WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal(2, result.Rejected);
        Assert.Contains("spin{job=\"dup-probe\",otel_scope_name=\"p\"} 1\n", collector.Exposition(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValueSeries_AddedToOnceNaN_DoesNotSpin()
    {
        var series = new ValueSeries([]);
        series.Set(double.NaN);

        await Task.Run(() => series.Add(1), TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.True(double.IsNaN(series.Value));
    }

    [Fact]
    public void AnyTelemetry_ExpositionKeepsTheFormatsRules()
    {
        var iterations = 0;
        Requests.Array[1, 6].Sample(requests =>
        {
            iterations++;
            using var collector = Collector.Start();
            foreach (var request in requests)
            {
                collector.Ingest(request);
            }
            var broken = ExpositionRules.Broken(collector.Exposition());
            Assert.True(broken.Count == 0, string.Join("\n", broken) + "\n--- after ---\n" + string.Join("\n", requests.Select(r => r.ToString())));
        }, iter: 1_000_000, time: Seconds, threads: 1, writeLine: line => TestContext.Current.TestOutputHelper?.WriteLine(line));
        TestContext.Current.TestOutputHelper?.WriteLine($"{iterations} generated request sequences, every exposition valid");
    }

    private static readonly Gen<string> Names = Gen.OneOf("probe", "probe.count", "probe_count", "probe.sum", "probe_bucket", "probe.gauge", "other", "probe_total", "probe.created");

    private static readonly Gen<KeyValue> Attributes = Gen.Select(
        Gen.OneOf("route", "le", "job", "a.b", "a_b", "quantile", "__x", "instance", "otel_scope_name"),
        Gen.OneOf("", "x", "y", "a\"b", "line\nbreak", "back\\slash"),
        static (key, value) => new KeyValue { Key = key, Value = new AnyValue { StringValue = value } });

    private static readonly Gen<ulong> Counts = Gen.OneOf<ulong>(0UL, 1, 2, 3, 6, (ulong)long.MaxValue, (ulong)long.MaxValue + 1, ulong.MaxValue);

    private static readonly Gen<double> Values = Gen.OneOf<double>(0, 1, -1, 2.5, 0.5, 0.25, double.NaN, double.PositiveInfinity, double.NegativeInfinity);

    private static readonly Gen<HistogramDataPoint> HistogramPoints = Gen.Select(
        Gen.OneOf<double>(0.5, 1, 2, -1, 0.25, double.NaN, double.PositiveInfinity).Array[0, 4], Counts.Array[0, 5], Counts, Gen.Bool, Attributes.Array[0, 3],
        static (bounds, counts, count, consistent, attributes) =>
        {
            var point = new HistogramDataPoint { Sum = 1.5, Count = count };
            point.ExplicitBounds.Add(bounds);
            point.BucketCounts.Add(counts);
            if (consistent)
            {
                // Some points are as an SDK sends them: sorted bounds, the right number of buckets adding up to the count.
                var sorted = bounds.Where(double.IsFinite).Distinct().Order().ToArray();
                point.ExplicitBounds.Clear();
                point.ExplicitBounds.Add(sorted);
                point.BucketCounts.Clear();
                point.BucketCounts.Add(Enumerable.Range(0, sorted.Length + 1).Select(i => (ulong)(i % 3)));
                point.Count = point.BucketCounts.Aggregate(0UL, static (a, b) => a + b);
            }
            point.Attributes.Add(attributes);
            return point;
        });

    private static readonly Gen<SummaryDataPoint> SummaryPoints = Gen.Select(
        Gen.OneOf(0.5, 0.9, 0.99, 1.5, -0.1, double.NaN, 0, 1).Array[0, 3], Values, Counts, Attributes.Array[0, 2],
        static (quantiles, value, count, attributes) =>
        {
            var point = new SummaryDataPoint { Count = count, Sum = 2 };
            point.QuantileValues.Add(quantiles.Select(q => new SummaryDataPoint.Types.ValueAtQuantile { Quantile = q, Value = value }));
            point.Attributes.Add(attributes);
            return point;
        });

    private static readonly Gen<NumberDataPoint> NumberPoints = Gen.Select(Values, Gen.Bool, Attributes.Array[0, 3], static (value, integer, attributes) =>
    {
        var point = integer ? new NumberDataPoint { AsInt = double.IsFinite(value) ? (long)value : long.MaxValue } : new NumberDataPoint { AsDouble = value };
        point.Attributes.Add(attributes);
        return point;
    });

    private static readonly Gen<Metric> Metrics = Gen.Select(Names, Gen.OneOf("", "s", "By", "1", "{req}"), Gen.Int[0, 6],
        NumberPoints.Array[1, 3], HistogramPoints.Array[1, 3], SummaryPoints.Array[1, 2],
        static (name, unit, kind, numbers, histograms, summaries) =>
        {
            var metric = new Metric { Name = name, Unit = unit };
            switch (kind)
            {
                case 0:
                    metric.Gauge = new Gauge();
                    metric.Gauge.DataPoints.Add(numbers);
                    break;
                case 1 or 2 or 3:
                    metric.Sum = new Sum { IsMonotonic = kind != 3, AggregationTemporality = kind == 2 ? AggregationTemporality.Delta : AggregationTemporality.Cumulative };
                    metric.Sum.DataPoints.Add(numbers);
                    break;
                case 4 or 5:
                    metric.Histogram = new Histogram { AggregationTemporality = kind == 5 ? AggregationTemporality.Delta : AggregationTemporality.Cumulative };
                    metric.Histogram.DataPoints.Add(histograms);
                    break;
                default:
                    metric.Summary = new Summary();
                    metric.Summary.DataPoints.Add(summaries);
                    break;
            }
            return metric;
        });

    private static readonly Gen<ExportMetricsServiceRequest> Requests = Gen.Select(Gen.OneOf("dup-probe", "p2"), Gen.Bool, Metrics.Array[1, 4],
        static (job, withInstance, metrics) => Request(job, metrics, withInstance ? "i-1" : null));

    private static ExportMetricsServiceRequest Request(string job, Metric metric) => Request(job, [metric], null);

    private static ExportMetricsServiceRequest Request(string job, Metric[] metrics, string? instance)
    {
        var resource = new Resource();
        resource.Attributes.Add(new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = job } });
        if (instance is not null)
        {
            resource.Attributes.Add(new KeyValue { Key = "service.instance.id", Value = new AnyValue { StringValue = instance } });
        }
        var scope = new ScopeMetrics { Scope = new InstrumentationScope { Name = "p" } };
        scope.Metrics.Add(metrics);
        var resourceMetrics = new ResourceMetrics { Resource = resource };
        resourceMetrics.ScopeMetrics.Add(scope);
        var request = new ExportMetricsServiceRequest();
        request.ResourceMetrics.Add(resourceMetrics);
        return request;
    }

    private static ExportMetricsServiceRequest Histogram(string name, double[] bounds, ulong[] counts, ulong count, bool delta = false)
    {
        var metric = new Metric
        {
            Name = name,
            Histogram = new Histogram { AggregationTemporality = delta ? AggregationTemporality.Delta : AggregationTemporality.Cumulative },
        };
        var point = new HistogramDataPoint { Count = count, Sum = 1 };
        point.ExplicitBounds.Add(bounds);
        point.BucketCounts.Add(counts);
        metric.Histogram.DataPoints.Add(point);
        return Request("dup-probe", metric);
    }

    /// <summary>The collector's metrics path on its own (no host), with its registry and its refusals counted.</summary>
    private sealed class Collector : IDisposable
    {
        private readonly ServiceProvider _services;
        private readonly MetricsIngestor _ingestor;
        private readonly MetricRegistry _registry;
        private readonly System.Diagnostics.Metrics.MeterListener _listener = new();
        private readonly Dictionary<string, long> _rejected = new(StringComparer.Ordinal);

        private Collector()
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Collector:MaxSeries"] = "5000" }).Build();
            _services = new ServiceCollection().AddLogging().AddMetrics().AddMonitorCollector(configuration).BuildServiceProvider();
            var meters = _services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Scope == meters && instrument.Name == "monitor.otlp.rejected")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var (key, reason) in tags)
                {
                    if (key == "reason")
                    {
                        _rejected[(string)reason!] = _rejected.GetValueOrDefault((string)reason!) + value;
                    }
                }
            });
            _listener.Start();
            _ingestor = _services.GetRequiredService<MetricsIngestor>();
            _registry = _services.GetRequiredService<MetricRegistry>();
        }

        public static Collector Start() => new();

        public IngestResult Ingest(ExportMetricsServiceRequest request) => _ingestor.Ingest(request);

        public long Rejected(string reason) => _rejected.GetValueOrDefault(reason);

        public string Exposition()
        {
            var buffer = new ArrayBufferWriter<byte>();
            _registry.WriteTo(buffer);
            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }

        public void Dispose()
        {
            _listener.Dispose();
            _services.Dispose();
        }
    }
}
