using System.Diagnostics.Metrics;
using Monitor.TestSupport;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Monitor.IntegrationTests.Collector.Otlp;

/// <summary>Metrics sent with the SDK's OTLP exporter come out of /metrics by the OTLP-to-Prometheus rules.</summary>
public sealed class PassThroughMetricsTests(SdkExportTests.Host host) : IClassFixture<SdkExportTests.Host>
{
    private MonitorHost Monitor => host.Monitor;

    private MeterProvider Provider(string job, Meter meter, OtlpExportProtocol protocol, MetricReaderTemporalityPreference temporality) =>
        Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService(job, serviceInstanceId: "i-1")
                .AddAttributes([new("deployment.environment.name", "test")]))
            .AddMeter(meter.Name)
            .AddOtlpExporter((exporter, reader) =>
            {
                exporter.Protocol = protocol;
                exporter.Endpoint = protocol == OtlpExportProtocol.Grpc ? Monitor.OtlpGrpcUri : new Uri(Monitor.OtlpHttpUri, "/v1/metrics");
                reader.TemporalityPreference = temporality;
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 3_600_000;
            })
            .Build()!;

    [Theory]
    [InlineData(OtlpExportProtocol.Grpc)]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    public async Task Export_CounterHistogramGaugeAndUpDown_ExposedWithPrometheusNames(OtlpExportProtocol protocol)
    {
        var job = $"passthrough-{protocol}".ToLowerInvariant();
        using var meter = new Meter("tests.passthrough." + Guid.NewGuid().ToString("N"));
        var scope = meter.Name;
        using (var provider = Provider(job, meter, protocol, MetricReaderTemporalityPreference.Cumulative))
        {
            meter.CreateCounter<long>("ai.requests", "{request}").Add(5, new KeyValuePair<string, object?>("model", "gpt"));
            var latency = meter.CreateHistogram<double>("ai.latency", "s");
            latency.Record(0.3);
            latency.Record(2);
            meter.CreateObservableGauge("ai.queue.depth", () => 7L);
            meter.CreateUpDownCounter<long>("pipeline.modules.active").Add(3);
            Assert.True(provider.ForceFlush(10_000));
        }

        var metrics = await Monitor.ScrapeAsync();

        var labels = $"instance=\"i-1\",job=\"{job}\",otel_scope_name=\"{scope}\"";
        AssertSample(metrics, $"ai_requests_total{{instance=\"i-1\",job=\"{job}\",model=\"gpt\",otel_scope_name=\"{scope}\"}}", 5);
        AssertSample(metrics, $"ai_latency_seconds_count{{{labels}}}", 2);
        AssertSample(metrics, $"ai_latency_seconds_sum{{{labels}}}", 2.3);
        AssertSample(metrics, $"ai_latency_seconds_bucket{{{labels},le=\"0\"}}", 0);
        AssertSample(metrics, $"ai_latency_seconds_bucket{{{labels},le=\"5\"}}", 2);
        AssertSample(metrics, $"ai_latency_seconds_bucket{{{labels},le=\"+Inf\"}}", 2);
        AssertSample(metrics, $"ai_queue_depth{{{labels}}}", 7);
        AssertSample(metrics, $"pipeline_modules_active{{job=\"{job}\"}}", 3);
        AssertSample(metrics, $"target_info{{deployment_environment_name=\"test\",instance=\"i-1\",job=\"{job}\"}}", 1);
        Assert.Contains("# TYPE ai_requests_total counter", metrics, StringComparison.Ordinal);
        Assert.Contains("# TYPE ai_latency_seconds histogram", metrics, StringComparison.Ordinal);
        Assert.Contains("# TYPE ai_queue_depth gauge", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_DeltaCounter_ExposedAsCumulativeTotal()
    {
        const string job = "passthrough-delta";
        using var meter = new Meter("tests.delta." + Guid.NewGuid().ToString("N"));
        var counter = meter.CreateCounter<long>("ai.retries");
        var series = $"ai_retries_total{{instance=\"i-1\",job=\"{job}\",otel_scope_name=\"{meter.Name}\"}}";
        using var provider = Provider(job, meter, OtlpExportProtocol.Grpc, MetricReaderTemporalityPreference.Delta);

        counter.Add(5);
        Assert.True(provider.ForceFlush(10_000));
        counter.Add(3);
        Assert.True(provider.ForceFlush(10_000));

        Assert.Equal(8, await Monitor.SampleAsync(series));
    }

    [Fact]
    public async Task Export_TwoInstancesReportActiveModules_JobGaugeIsTheirSum()
    {
        const string job = "passthrough-instances";
        foreach (var (instance, value) in new[] { ("a", 2L), ("b", 5L) })
        {
            using var meter = new Meter("tests.instances." + Guid.NewGuid().ToString("N"));
            meter.CreateObservableGauge("pipeline.modules.queued", () => value);
            using var provider = Sdk.CreateMeterProviderBuilder()
                .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService(job, serviceInstanceId: instance))
                .AddMeter(meter.Name)
                .AddOtlpExporter(o => o.Endpoint = Monitor.OtlpGrpcUri)
                .Build()!;
            Assert.True(provider.ForceFlush(10_000));
        }

        Assert.Equal(7, await Monitor.SampleAsync($"pipeline_modules_queued{{job=\"{job}\"}}"));
    }

    private static void AssertSample(string metrics, string series, double expected) =>
        Assert.True(MonitorHost.SampleIn(metrics, series) == expected,
            $"{series}: expected {expected}, got {MonitorHost.SampleIn(metrics, series)?.ToString() ?? "no sample"}");
}
