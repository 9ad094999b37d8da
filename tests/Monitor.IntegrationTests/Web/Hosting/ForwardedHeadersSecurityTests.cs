using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Monitor.TestSupport;

namespace Monitor.IntegrationTests.Web.Hosting;

/// <summary>
/// The edge, as a hostile client on the same network sees it: X-Forwarded-* is believed only from
/// the proxies an operator names (none by default), the Host check judges the host a request finally
/// carries, and the rate limits count the address the connection really came from.
/// </summary>
public sealed class ForwardedHeadersSecurityTests : IAsyncLifetime
{
    private const string MetricsToken = "scrape-only-token-Hb4nW8qZ2xK6pR1t";

    // The embedded defaults: no proxy named, anonymous reading on.
    private MonitorHost _noProxy = null!;

    // Loopback named as the proxy, as the nginx in front of the cluster tests is.
    private MonitorHost _behindProxy = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _noProxy = await MonitorHost.StartAsync(new Dictionary<string, string?>
        {
            ["Auth:MetricsToken"] = MetricsToken,
            ["AllowedHosts"] = "localhost",
            ["RateLimit:ApiPerSecond"] = "2",
        });
        _behindProxy = await MonitorHost.StartAsync(new Dictionary<string, string?>
        {
            ["AllowedHosts"] = "monitor.example.com",
            ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _noProxy.DisposeAsync();
        await _behindProxy.DisposeAsync();
    }

    [Theory]
    [InlineData("/api/alerts")]
    [InlineData("/api/config")]
    [InlineData("/api/health")]
    [InlineData("/metrics")]
    [InlineData("/openapi/v1.json")]
    public async Task ForeignHost_WithForwardedHostOfAnAllowedName_NoProxyNamed_400(string path)
    {
        // The reproduction: Host evil.example got 400, the same request with X-Forwarded-Host: localhost got 200.
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = "evil.example";
        request.Headers.Add("X-Forwarded-Host", "localhost");

        using var response = await _noProxy.Web.SendAsync(request, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task ForwardedProtoAndHost_NoProxyNamed_Ignored()
    {
        // The hub's Origin check compares with scheme://host the request carries: a forged pair must not become "own".
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hubs/monitoring/negotiate?negotiateVersion=1");
        request.Headers.Host = "localhost";
        request.Headers.Add("Origin", "https://evil.example");
        request.Headers.Add("X-Forwarded-Host", "evil.example");
        request.Headers.Add("X-Forwarded-Proto", "https");

        using var response = await _noProxy.Web.SendAsync(request, Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task NamedProxy_ForwardsAForeignHost_400()
    {
        // The check judges the host the request finally carries: the one the proxy says the user typed.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/alerts");
        request.Headers.Host = "monitor.example.com";
        request.Headers.Add("X-Forwarded-Host", "evil.example");
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");

        using var response = await _behindProxy.Web.SendAsync(request, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'evil.example'", await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NamedProxy_ForwardsThePublicName_Answered()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/alerts");
        request.Headers.Host = "10.0.0.7:8080";
        request.Headers.Add("X-Forwarded-Host", "monitor.example.com");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");

        using var response = await _behindProxy.Web.SendAsync(request, Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("x")]
    [InlineData("Bearer not-a-token-of-this-monitor")]
    [InlineData("Basic dXNlcjpwYXNz")]
    public async Task Metrics_ForeignHost_UnverifiedAuthorization_400(string authorization)
    {
        // The reproduction: any Authorization header at all exempted /metrics from the Host check.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Host = "evil.example";
        request.Headers.TryAddWithoutValidation("Authorization", authorization);

        using var response = await _noProxy.Web.SendAsync(request, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Metrics_ScrapedByAddress_WithTheMetricsToken_Answered()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Host = "10.244.1.17:8080";
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", MetricsToken);

        using var response = await _noProxy.Web.SendAsync(request, Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task SignIn_RotatingForwardedFor_NoProxyNamed_StillLimitedTo5AMinute()
    {
        // The reproduction: with a new X-Forwarded-For each time, 20 of 20 attempts got 401, none 429.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 20; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/sign-in") { Content = JsonContent.Create(new { token = "guess-" + i }) };
            request.Headers.Host = "localhost";
            request.Headers.Add("X-Forwarded-For", $"198.51.100.{i + 1}");
            using var response = await _noProxy.Web.SendAsync(request, Cancel);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.Unauthorized));
        Assert.Equal(15, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task Api_RotatingForwardedFor_NoProxyNamed_StillLimitedPerAddress()
    {
        // RateLimit:ApiPerSecond = 2 here: a burst of 4, then 2 a second, whatever X-Forwarded-For says.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/status");
            request.Headers.Host = "localhost";
            request.Headers.Add("X-Forwarded-For", $"198.51.100.{i + 1}");
            using var response = await _noProxy.Web.SendAsync(request, Cancel);
            statuses.Add(response.StatusCode);
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
    }
}
