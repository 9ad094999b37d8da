using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR.Client;
using Monitor.TestSupport;

namespace Monitor.IntegrationTests.Ops;

/// <summary>
/// Every Prometheus panel query returns data: the sample pipeline feeds a running monitor, a real
/// Prometheus scrapes it, and each query (with $job and $__rate_interval substituted) is asked of
/// Prometheus' HTTP API. Every metric a dashboard names exists on /metrics.
/// </summary>
[Collection(InProcessMonitors.Name)]
public sealed partial class DashboardQueryTests : IAsyncLifetime
{
    private const string Job = "dashboard-sample";
    private MonitorHost _monitor = null!;
    private ExternalProcess? _sample;
    private ExternalProcess? _runs;
    private HubConnection? _hub;
    private readonly WebhookReceiver _webhook = new();
    private readonly CancellationTokenSource _stopAlerts = new();
    private Task _alerts = Task.CompletedTask;

    public async ValueTask InitializeAsync()
    {
        // A webhook receiver, so that the notification panels have deliveries to show.
        _monitor = await MonitorHost.StartAsync(new Dictionary<string, string?>
        {
            ["Notifications:Webhooks:0:Name"] = "dashboard-hook",
            ["Notifications:Webhooks:0:Url"] = _webhook.Url.ToString(),
        });
        _sample = ExternalProcess.StartWithEnvironment(Repository.SampleExecutable, new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = _monitor.OtlpGrpcUri.ToString().TrimEnd('/'),
            ["OTEL_SERVICE_NAME"] = Job,
        }, "--rate", "20", "--error-rate", "0.3", "--duration", "120");
        // The same pipeline in runs too (a run every 2 s), for the Runs row.
        _runs = ExternalProcess.StartWithEnvironment(Repository.SampleExecutable, new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = _monitor.OtlpGrpcUri.ToString().TrimEnd('/'),
            ["OTEL_SERVICE_NAME"] = Job,
        }, "--runs", "2", "--rate", "1", "--error-rate", "0.02", "--duration", "120");
        // A hub connection (SignalR panel) and a refused request (rejects panel).
        _hub = new HubConnectionBuilder().WithUrl(new Uri(_monitor.WebUri, "/hubs/monitoring")).Build();
        await _hub.StartAsync(TestContext.Current.CancellationToken);
        // A steady flow of new alerts (a slow module of a new pipeline every few seconds): rates of
        // notifications stay above zero however long the queries before theirs take.
        _alerts = Task.Run(async () =>
        {
            for (var i = 0; !_stopAlerts.IsCancellationRequested; i++)
            {
                using (var spans = new PipelineSpans($"dashboard-slow-{i}", _monitor.OtlpGrpcUri, OpenTelemetry.Exporter.OtlpExportProtocol.Grpc))
                {
                    spans.Span("module_generation", TimeSpan.FromSeconds(100), false, ("pipeline.module.id", "m-1"));
                    spans.Flush();
                }
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(3), _stopAlerts.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        });
        using var bad = await _monitor.OtlpHttp.PostAsync("/v1/traces", OtlpRequests.Content([0x0a, 0xff], "application/x-protobuf"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopAlerts.CancelAsync();
        await _alerts;
        _stopAlerts.Dispose();
        _webhook.Dispose();
        if (_hub is not null)
        {
            await _hub.DisposeAsync();
        }
        _sample?.Dispose();
        _runs?.Dispose();
        await _monitor.DisposeAsync();
    }

    [Fact]
    public async Task EveryPrometheusPanelQuery_ReturnsData_AndEveryMetricItNamesExists()
    {
        using var prometheus = PrometheusServer.Start(_monitor.WebUri);
        var queries = Dashboards.PrometheusQueries().ToList();
        Assert.True(queries.Count >= 20, $"only {queries.Count} Prometheus queries");
        // The sample's spans first: a panel about alerts has no data before they arrive, and a
        // failure should say whether the sample delivered at all.
        await Poll.UntilAsync(() => _monitor.SampleWithAsync("pipeline_modules_processed_total", $"job=\"{Job}\""), count => count > 0,
            "the sample pipeline's first modules: " + _sample!.Output, TimeSpan.FromSeconds(60));
        foreach (var (file, panel, query) in queries)
        {
            var expr = Dashboards.Substitute(query, Job);
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while ((await prometheus.QueryAsync(expr)).Count == 0)
            {
                if (DateTime.UtcNow > deadline)
                {
                    Assert.Fail($"{file} '{panel}': {expr} returned no data in 90 s. Target: {await prometheus.TargetStateAsync()}. "
                        + $"On /metrics: {string.Join(" | ", (await _monitor.ScrapeAsync()).Split('\n').Where(l => l.StartsWith("monitor_alerts_fired_total", StringComparison.Ordinal)))}");
                }
                await Task.Delay(250, TestContext.Current.CancellationToken);
            }
        }

        var exposition = await _monitor.ScrapeAsync();
        var missing = queries.SelectMany(q => MetricName().Matches(q.Query).Select(m => m.Value)).Distinct()
            .Where(name => !Regex.IsMatch(exposition, $"^{Regex.Escape(name)}(_bucket|_count|_sum)?[{{ ]", RegexOptions.Multiline))
            .ToList();
        Assert.True(missing.Count == 0, "not on /metrics: " + string.Join(", ", missing));
    }

    // Names of series the queries read (recording rules with ':' are not in /metrics and not used by panels).
    [GeneratedRegex(@"\b(?:pipeline|monitor|dotnet|signalr|kestrel)_[a-z0-9_]+?(?=_bucket\b|_count\b|_sum\b|\{|\[|\))")]
    private static partial Regex MetricName();
}
