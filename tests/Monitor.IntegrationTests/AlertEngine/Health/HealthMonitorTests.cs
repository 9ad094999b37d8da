using Monitor.AlertEngine.Health;
using Monitor.TestSupport;
using OpenTelemetry.Exporter;

namespace Monitor.IntegrationTests.AlertEngine.Health;

/// <summary>Every Monitoring:HealthCheckInterval the health monitor publishes a HealthStatus with its issues.</summary>
public sealed class HealthMonitorTests : IAsyncLifetime
{
    private MonitorHost _monitor = null!;

    public async ValueTask InitializeAsync() => _monitor = await MonitorHost.StartAsync(new Dictionary<string, string?>
    {
        ["Monitoring:HealthCheckInterval"] = "00:00:01",
        ["Collector:Window"] = "00:00:02",
        ["Collector:SnapshotInterval"] = "00:00:00.5",
    });

    public ValueTask DisposeAsync() => _monitor.DisposeAsync();

    [Fact]
    public async Task EveryInterval_PublishesHealthy_ThenDegradedNamingAPipelineThatWentQuiet()
    {
        using var health = _monitor.Get<IHealthFeed>().Subscribe();
        var healthy = await Poll.UntilAsync(() => Task.FromResult(_monitor.Get<IHealthFeed>().Latest), s => s.Status == HealthStatus.Healthy && s.LastUpdate > DateTimeOffset.MinValue, "a healthy report");
        Assert.Empty(healthy.Issues);

        using (var spans = new PipelineSpans("goes-quiet", _monitor.OtlpGrpcUri, OtlpExportProtocol.Grpc))
        {
            spans.Span("hooks", TimeSpan.FromMilliseconds(3));
            spans.Flush();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        HealthStatus status;
        do
        {
            status = await health.Reader.ReadAsync(timeout.Token);
        }
        while (status.Status != HealthStatus.Degraded);
        Assert.Contains(status.Issues, issue => issue.Contains("inactive pipelines: goes-quiet", StringComparison.Ordinal));
    }
}
