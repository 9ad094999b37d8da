using System.Net;
using Monitor.AlertEngine.Model;
using Monitor.AlertEngine.OpenAlerts;
using Monitor.AlertEngine.Rules;
using Monitor.AlertEngine.Storage;
using Monitor.TestSupport;
using OpenTelemetry.Exporter;

namespace Monitor.IntegrationTests.AlertEngine.Evaluation;

/// <summary>The whole path in the real host: OTLP spans -> rules -> alert stored and published; own metrics.</summary>
public sealed class AlertEngineHostTests(AlertEngineHostTests.Host host) : IClassFixture<AlertEngineHostTests.Host>
{
    public sealed class Host : IAsyncLifetime
    {
        public MonitorHost Monitor { get; private set; } = null!;

        public async ValueTask InitializeAsync() => Monitor = await MonitorHost.StartAsync(new Dictionary<string, string?>
        {
            ["Monitoring:AlertThresholds:Custom:0:Name"] = "slow_validation_p95",
            ["Monitoring:AlertThresholds:Custom:0:Metric"] = "pipeline_stage_duration_seconds",
            ["Monitoring:AlertThresholds:Custom:0:Matchers:stage"] = "validation",
            ["Monitoring:AlertThresholds:Custom:0:Aggregation"] = "p95",
            ["Monitoring:AlertThresholds:Custom:0:Window"] = "00:00:30",
            ["Monitoring:AlertThresholds:Custom:0:Operator"] = ">",
            ["Monitoring:AlertThresholds:Custom:0:Warning"] = "2",
            ["Monitoring:AlertThresholds:Custom:0:Critical"] = "20",
        });

        public ValueTask DisposeAsync() => Monitor.DisposeAsync();
    }

    private MonitorHost Monitor => host.Monitor;

    private async Task<PerformanceAlert> OpenAlertAsync(string rule, string job) =>
        (await Poll.UntilAsync(
            () => Task.FromResult(Monitor.Get<IAlertFeed>().OpenAlerts.FirstOrDefault(a => a.Type == rule && a.Labels["job"] == job)),
            alert => alert is not null, $"a {rule} alert for {job}"))!;

    private async Task<PerformanceAlert?> StoredAsync(string id) =>
        await Poll.UntilAsync(() => Monitor.Get<IAlertStore>().GetAsync(id, TestContext.Current.CancellationToken), a => a is not null, "the alert in the store");

    [Fact]
    public async Task ErrorRateAboveCritical_WithEnoughSamples_CriticalAlertStoredAndPublished()
    {
        const string job = "host-error-rate";
        using var changes = Monitor.Get<IAlertFeed>().SubscribeChanges();
        using (var spans = new PipelineSpans(job, Monitor.OtlpGrpcUri, OtlpExportProtocol.Grpc))
        {
            for (var i = 0; i < 30; i++)
            {
                spans.Span("resource_generation", TimeSpan.FromMilliseconds(20), error: i % 2 == 0);
            }
            spans.Flush();
        }

        var alert = await OpenAlertAsync(RuleCatalogue.ErrorRate, job);

        Assert.Equal((AlertSeverity.Critical, AlertStatus.Firing), (alert.Severity, alert.Status));
        Assert.Equal(0.5, alert.Data["value"]);
        var stored = await StoredAsync(alert.Id);
        Assert.Equal(alert.Fingerprint, stored!.Fingerprint);
        // Other alerts of this shared host change too; read until this one's change comes.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(Poll.DefaultTimeout);
        IReadOnlyList<PerformanceAlert> published;
        do
        {
            published = await changes.Reader.ReadAsync(timeout.Token);
        }
        while (!published.Any(a => a.Id == alert.Id));
        Assert.Equal(AlertStatus.Firing, published.First(a => a.Id == alert.Id).Status);
    }

    [Fact]
    public async Task OneSlowModuleSpan_EventAlertWithItsModuleIdAndTraceAsEvidence()
    {
        const string job = "host-slow-module";
        string traceId;
        using (var spans = new PipelineSpans(job, Monitor.OtlpHttpUri, OtlpExportProtocol.HttpProtobuf))
        {
            traceId = spans.Span("module_generation", TimeSpan.FromSeconds(200), false, ("pipeline.module.id", "module-42"));
            spans.Flush();
        }

        var alert = await OpenAlertAsync(RuleCatalogue.SlowModule, job);

        Assert.Equal(AlertSeverity.Critical, alert.Severity);
        Assert.Equal("module-42", alert.ModuleId);
        Assert.Equal(traceId, Assert.Single(alert.Evidence).TraceId);
        Assert.Equal("module_generation", alert.Labels["stage"]);
        var metrics = await Monitor.ScrapeAsync();
        Assert.Contains("monitor_alerts_fired_total{", metrics, StringComparison.Ordinal);
        Assert.Contains("rule=\"slow_module\",severity=\"critical\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("monitor_alert_hop_latency_seconds_bucket{", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CustomPercentileRule_OnAnySeries_FiresForTheJob()
    {
        const string job = "host-custom";
        using (var spans = new PipelineSpans(job, Monitor.OtlpGrpcUri, OtlpExportProtocol.Grpc))
        {
            for (var i = 0; i < 10; i++)
            {
                spans.Span("validation", TimeSpan.FromSeconds(4));
            }
            spans.Flush();
        }

        var alert = await OpenAlertAsync("slow_validation_p95", job);

        Assert.Equal(AlertSeverity.Warning, alert.Severity);
        Assert.InRange(alert.Data["value"], 2.5, 5);
    }

    [Fact]
    public async Task Readyz_StoreAndReceiversUp_Ready()
    {
        using var response = await Monitor.Web.GetAsync("/readyz", TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("store: Healthy", body, StringComparison.Ordinal);
        Assert.Contains("receivers: Healthy", body, StringComparison.Ordinal);
    }
}
