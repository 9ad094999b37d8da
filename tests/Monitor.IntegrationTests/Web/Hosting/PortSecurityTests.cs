using System.Net;
using Monitor.Collector.Protocol.Collector.Trace;
using Monitor.TestSupport;

namespace Monitor.IntegrationTests.Web.Hosting;

/// <summary>
/// Each port serves only what docs/architecture.md's port table says: the OTLP ports answer any
/// Host (exporters reach them by a service name), so anything else they served would be reachable
/// by any name, past the web port's Host check.
/// </summary>
public sealed class PortSecurityTests : IAsyncLifetime
{
    private MonitorHost _monitor = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _monitor = await MonitorHost.StartAsync();

    public ValueTask DisposeAsync() => _monitor.DisposeAsync();

    [Theory]
    [InlineData("/")]
    [InlineData("/index.html")]
    [InlineData("/favicon.svg")]
    [InlineData("/alerts/abc")]
    [InlineData("/fleet")]
    [InlineData("/api/alerts")]
    [InlineData("/metrics")]
    [InlineData("/healthz")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/hubs/monitoring/negotiate?negotiateVersion=1")]
    public async Task OtlpHttpPort_AnythingButOtlp_404WhateverTheHost(string path)
    {
        // The reproduction: GET / on 4318 answered the console's index.html.
        using var request = new HttpRequestMessage(path.Contains("negotiate", StringComparison.Ordinal) ? HttpMethod.Post : HttpMethod.Get, path);
        request.Headers.Host = "evil.example";

        using var response = await _monitor.OtlpHttp.SendAsync(request, Cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("<html", await response.Content.ReadAsStringAsync(Cancel), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/index.html")]
    [InlineData("/api/alerts")]
    public async Task OtlpGrpcPort_AnythingButOtlp_404(string path)
    {
        using var grpcPort = new HttpClient { BaseAddress = _monitor.OtlpGrpcUri, DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };

        using var response = await grpcPort.GetAsync(path, Cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task WebPort_OtlpExport_404()
    {
        using var response = await _monitor.Web.PostAsync("/v1/traces", OtlpRequests.Protobuf(new ExportTraceServiceRequest()), Cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task WebPort_Console_StillServed()
    {
        using var index = await _monitor.Web.GetAsync("/", Cancel);

        Assert.Equal(HttpStatusCode.OK, index.StatusCode);
        Assert.Contains("<html", await index.Content.ReadAsStringAsync(Cancel), StringComparison.OrdinalIgnoreCase);
    }
}
