using System.Diagnostics.Metrics;
using System.Net;
using Metric = Monitor.Collector.Protocol.Metrics.Metric;
using Monitor.Collector.Protocol.Common;
using Monitor.Collector.Protocol.Metrics;
using Monitor.TestSupport;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Monitor.IntegrationTests.Collector.Prometheus;

/// <summary>The exposition checked by Prometheus' own tools: promtool's linter and a real Prometheus scraping it.</summary>
public sealed class PrometheusToolsTests : IAsyncLifetime
{
    private const string Job = "prom-pipeline";
    private MonitorHost _monitor = null!;

    public async ValueTask InitializeAsync()
    {
        _monitor = await MonitorHost.StartAsync();
        using (var spans = new PipelineSpans(Job, _monitor.OtlpGrpcUri, OtlpExportProtocol.Grpc))
        {
            spans.Span("module_generation", TimeSpan.FromMilliseconds(120));
            spans.Span("module_generation", TimeSpan.FromMilliseconds(80), error: true);
            spans.Span("resource_generation", TimeSpan.FromMilliseconds(40), false, ("pipeline.resource.type", "helm"), ("pipeline.quality.score", 0.8),
                ("gen_ai.request.model", "m1"), ("gen_ai.usage.input_tokens", 12), ("gen_ai.usage.output_tokens", 30));
            spans.Span("validation", TimeSpan.FromMilliseconds(5));
            spans.Span("hooks", TimeSpan.FromMilliseconds(2));
            spans.Flush();
        }
        using var meter = new Meter("tests.prom." + Guid.NewGuid().ToString("N"));
        using (var provider = Sdk.CreateMeterProviderBuilder()
                   .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService(Job, serviceInstanceId: "p-1"))
                   .AddMeter(meter.Name)
                   .AddOtlpExporter(o => o.Endpoint = _monitor.OtlpGrpcUri)
                   .Build()!)
        {
            meter.CreateCounter<long>("ai.requests", "{request}", "Requests to the model").Add(9, new KeyValuePair<string, object?>("note", "say \"hi\"\n\\"));
            meter.CreateHistogram<double>("ai.latency", "s").Record(0.25);
            meter.CreateUpDownCounter<long>("pipeline.resources.in_progress").Add(4);
            Assert.True(provider.ForceFlush(10_000));
        }
        var summary = new Metric { Name = "rpc.duration", Unit = "s", Summary = new Summary() };
        var point = new SummaryDataPoint { Count = 3, Sum = 1.5 };
        point.QuantileValues.Add(new SummaryDataPoint.Types.ValueAtQuantile { Quantile = 0.5, Value = 0.4 });
        point.QuantileValues.Add(new SummaryDataPoint.Types.ValueAtQuantile { Quantile = 0.99, Value = 0.9 });
        summary.Summary.DataPoints.Add(point);
        point.Attributes.Add(new KeyValue { Key = "9lives", Value = new AnyValue { IntValue = 9 } });
        using var response = await _monitor.OtlpHttp.PostAsync("/v1/metrics", OtlpRequests.Protobuf(OtlpRequests.Metrics(Job, summary)),
            TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public ValueTask DisposeAsync() => _monitor.DisposeAsync();

    [Fact]
    public async Task PromtoolCheckMetrics_FullExposition_NoErrorAndNoLintOfOurs()
    {
        var promtool = ExternalTool.Require("promtool", "prometheus");
        var exposition = await _monitor.ScrapeAsync();

        var (exitCode, output) = await ExternalProcess.RunAsync(promtool, exposition, "check", "metrics");

        // Exit 1 is a parse error; 3 is lint findings: there must be none, the monitor's own
        // runtime gauges included (the drill found dotnet_assembly_count and two more).
        var findings = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        Assert.True(exitCode == 0 && findings.Count == 0, $"promtool exit {exitCode}, findings:\n" + string.Join('\n', findings));
        Assert.Contains("dotnet_assemblies_loaded{", exposition, StringComparison.Ordinal);
        Assert.Contains("rpc_duration_seconds{job=\"prom-pipeline\",key_9lives=\"9\",quantile=\"0.99\"} 0.9", exposition, StringComparison.Ordinal);
        Assert.Contains("note=\"say \\\"hi\\\"\\n\\\\\"", exposition, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RealPrometheus_ScrapesMonitor_QueriesReturnDerivedAndPassThroughValues()
    {
        using var prometheus = PrometheusServer.Start(_monitor.WebUri);
        var expectations = new Dictionary<string, double>
        {
            [$"pipeline_modules_processed_total{{job=\"{Job}\",status=\"success\"}}"] = 1,
            [$"pipeline_modules_processed_total{{job=\"{Job}\",status=\"error\"}}"] = 1,
            [$"sum(pipeline_stage_duration_seconds_count{{job=\"{Job}\"}})"] = 5,
            [$"pipeline_gen_ai_tokens_total{{job=\"{Job}\",direction=\"output\"}}"] = 30,
            [$"pipeline_resources_in_progress{{job=\"{Job}\"}}"] = 4,
            [$"ai_requests_total{{job=\"{Job}\",instance=\"p-1\"}}"] = 9,
            [$"ai_latency_seconds_sum{{job=\"{Job}\"}}"] = 0.25,
            [$"rpc_duration_seconds{{job=\"{Job}\",quantile=\"0.5\"}}"] = 0.4,
        };
        foreach (var (query, expected) in expectations)
        {
            var values = await Poll.UntilAsync(() => prometheus.QueryAsync(query), v => v.Count == 1 && v[0] == expected,
                $"Prometheus to return {expected} for {query}", TimeSpan.FromSeconds(30));
            Assert.Equal(expected, values[0]);
        }
    }
}
