using System.Net;
using System.Net.Http.Headers;
using Monitor.Collector.Protocol.Collector.Trace;
using Monitor.TestSupport;

namespace Monitor.IntegrationTests.Web.Security;

/// <summary>
/// Who may read: the web port answers only to its own names (DNS rebinding), /metrics follows
/// Auth:AnonymousRead like the rest and takes a scrape-only token.
/// </summary>
public sealed class OriginAndHostTests : IAsyncLifetime
{
    private const string MetricsToken = "scrape-only-token-Xq7mZ2pL9vR4tW1k";

    private MonitorHost _monitor = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _monitor = await MonitorHost.StartAsync(new Dictionary<string, string?>
    {
        ["Auth:AnonymousRead"] = "false",
        ["Auth:MetricsToken"] = MetricsToken,
    });

    public ValueTask DisposeAsync() => _monitor.DisposeAsync();

    [Theory]
    [InlineData("/api/metrics")]
    [InlineData("/hubs/monitoring/negotiate?negotiateVersion=1")]
    [InlineData("/")]
    public async Task ForeignHostWithAMatchingOrigin_400BeforeAnythingIsRead(string path)
    {
        // The drill: a page of evil.example whose name was rebound to the monitor's address.
        using var request = new HttpRequestMessage(path.Contains("negotiate", StringComparison.Ordinal) ? HttpMethod.Post : HttpMethod.Get, path);
        request.Headers.Host = "evil.example";
        request.Headers.Add("Origin", "http://evil.example");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", MonitorHost.ViewerToken);

        using var response = await _monitor.Web.SendAsync(request, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("is not one of the names this monitor answers to", await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/healthz", null, HttpStatusCode.OK)]
    [InlineData("/readyz", null, HttpStatusCode.OK)]
    [InlineData("/metrics", MetricsToken, HttpStatusCode.OK)]
    [InlineData("/metrics", null, HttpStatusCode.BadRequest)]
    [InlineData("/api/metrics", MonitorHost.ViewerToken, HttpStatusCode.BadRequest)]
    public async Task ProbesAndScrapesByAddress_AnsweredWhateverTheHost_OnlyThem(string path, string? token, HttpStatusCode expected)
    {
        // A kubelet probes the pod's IP; Prometheus scrapes its target's address.
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = "10.244.1.17:8080";
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await _monitor.Web.SendAsync(request, Cancel);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task OtlpPort_AnyHostName_Accepted()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/traces") { Content = OtlpRequests.Protobuf(new ExportTraceServiceRequest()) };
        request.Headers.Host = "monitor:4318";

        using var response = await _monitor.OtlpHttp.SendAsync(request, Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Metrics_WithoutAnonymousRead_NeedsAToken_TheMetricsTokenScrapesOnly()
    {
        using var anonymous = await _monitor.Web.GetAsync("/metrics", Cancel);
        using var scraper = await SendAsync("/metrics", MetricsToken);
        using var viewer = await SendAsync("/metrics", MonitorHost.ViewerToken);
        using var scraperReadsApi = await SendAsync("/api/metrics", MetricsToken);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, scraper.StatusCode);
        Assert.Equal(HttpStatusCode.OK, viewer.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, scraperReadsApi.StatusCode);
    }

    private Task<HttpResponseMessage> SendAsync(string path, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return _monitor.Web.SendAsync(request, Cancel);
    }
}
