using System.Net;
using Microsoft.Extensions.Options;
using Monitor.TestSupport;

namespace Monitor.IntegrationTests.Web.Hosting;

/// <summary>The composed host: each endpoint on its own port, health endpoints, configuration checked at start-up.</summary>
public sealed class HostTests(HostTests.Host host) : IClassFixture<HostTests.Host>
{
    public sealed class Host : IAsyncLifetime
    {
        public MonitorHost Monitor { get; private set; } = null!;

        public async ValueTask InitializeAsync() => Monitor = await MonitorHost.StartAsync();

        public ValueTask DisposeAsync() => Monitor.DisposeAsync();
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    [InlineData("/metrics")]
    public async Task WebPort_HealthAndMetrics_200(string path)
    {
        using var response = await host.Monitor.Web.GetAsync(path, Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task OtlpHttpPort_WebEndpoint_404()
    {
        using var response = await host.Monitor.OtlpHttp.GetAsync("/metrics", Cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task WebPort_OtlpEndpoint_404()
    {
        using var content = new ByteArrayContent([]);
        content.Headers.ContentType = new("application/x-protobuf");

        using var response = await host.Monitor.Web.PostAsync("/v1/traces", content, Cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("Collector:MaxSeries", "0", "Collector:MaxSeries must be positive")]
    [InlineData("Collector:Window", "00:00:00", "Collector:Window must be between")]
    [InlineData("Otlp:MaxRequestBytes", "10", "Otlp:MaxRequestBytes must be at least 1024")]
    [InlineData("Otlp:ApiKey", "short", "Otlp:ApiKey must be at least 16 characters")]
    [InlineData("Collector:MaxPipelines", "0", "Collector:MaxPipelines must be between")]
    [InlineData("Collector:MaxAttributeValueLength", "1", "Collector:MaxAttributeValueLength must be between")]
    [InlineData("Auth:AdminToken", "aaaaaaaaaaaaaaaaaaaaaa", "Auth:AdminToken is too predictable")]
    [InlineData("Auth:AdminToken", "short", "Auth:AdminToken must be at least 22 characters")]
    [InlineData("Auth:MetricsToken", "abababababababababababab", "Auth:MetricsToken is too predictable")]
    [InlineData("Monitoring:AlertThresholds:ErrorRate:Warning", "NaN", "Monitoring:AlertThresholds:ErrorRate:Warning must be a finite number")]
    [InlineData("Notifications:Alertmanagers:0:Url", "am:9093", "Notifications:Alertmanagers:0:Url must be an absolute http or https URL")]
    [InlineData("Notifications:Webhooks:0:Name", "has space", "Notifications:Webhooks:0:Name must be 1 to 64 of letters")]
    [InlineData("Notifications:MaxAttempts", "0", "Notifications:MaxAttempts must be between 1 and 100")]
    [InlineData("Notifications:ResendInterval", "00:00:00", "Notifications:ResendInterval must be between")]
    public async Task StartAsync_BadSetting_RefusesToStartNamingTheKey(string key, string value, string message)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            MonitorHost.StartAsync(new Dictionary<string, string?> { [key] = value }));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
