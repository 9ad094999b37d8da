using System.Net;
using System.Net.Http.Json;
using Monitor.AlertEngine.Model;
using Monitor.AlertEngine.Storage;
using Monitor.TestSupport;

namespace Monitor.IntegrationTests.Web.Auth;

/// <summary>The UI's sign-in: a token becomes a hardened cookie; cookie writes need the custom header; attempts are limited.</summary>
public sealed class SignInTests : IAsyncLifetime
{
    private MonitorHost _monitor = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _monitor = await MonitorHost.StartAsync(new Dictionary<string, string?> { ["Auth:AnonymousRead"] = "false" });

    public ValueTask DisposeAsync() => _monitor.DisposeAsync();

    /// <summary>
    /// A client that keeps the session cookie as a browser does on loopback. .NET's CookieContainer
    /// never sends a Secure cookie over http, while browsers treat http://127.0.0.1 as a secure
    /// context; so the cookie is carried by hand here (the browser tests use a real browser).
    /// </summary>
    private sealed class CookieJar : DelegatingHandler
    {
        private string? _session;

        public CookieJar() : base(new HttpClientHandler { UseCookies = false })
        {
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (_session is not null)
            {
                request.Headers.Add("Cookie", _session);
            }
            var response = await base.SendAsync(request, cancellationToken);
            if (response.Headers.TryGetValues("Set-Cookie", out var cookies))
            {
                foreach (var cookie in cookies.Where(c => c.StartsWith("__Host-monitor=", StringComparison.Ordinal)))
                {
                    var pair = cookie.Split(';')[0];
                    _session = pair.EndsWith('=') ? null : pair;
                }
            }
            return response;
        }
    }

    private HttpClient Browser() => new(new CookieJar()) { BaseAddress = _monitor.WebUri };

    [Fact]
    public async Task SignIn_AdminToken_HardenedCookieThatAcknowledgesOnlyWithTheHeader()
    {
        using var browser = Browser();
        var alert = await Alerting.SlowModuleAsync(_monitor, "cookie-ack");

        using var anonymousRead = await browser.GetAsync("/api/alerts", Cancel);
        using var signIn = await browser.PostAsJsonAsync("/api/auth/sign-in", new { token = MonitorHost.AdminToken, name = "Alice" }, Cancel);
        var setCookie = string.Join("\n", signIn.Headers.GetValues("Set-Cookie"));
        using var read = await browser.GetAsync("/api/alerts", Cancel);
        using var withoutHeader = await browser.PostAsJsonAsync($"/api/alerts/{alert.Id}/acknowledge", new { comment = "x" }, Cancel);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/alerts/{alert.Id}/acknowledge") { Content = JsonContent.Create(new { comment = "x" }) };
        request.Headers.Add("X-Monitor-Request", "1");
        using var withHeader = await browser.SendAsync(request, Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymousRead.StatusCode);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Contains("__Host-monitor=", setCookie, StringComparison.Ordinal);
        Assert.Contains("secure", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(MonitorHost.AdminToken, setCookie, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, withoutHeader.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withHeader.StatusCode);
        await Poll.UntilAsync(() => _monitor.Get<IAlertStore>().GetAsync(alert.Id, Cancel), a => a?.AcknowledgedBy == "Alice", "acknowledged by Alice");
    }

    [Fact]
    public async Task SignOut_CookieNoLongerReads()
    {
        using var browser = Browser();
        (await browser.PostAsJsonAsync("/api/auth/sign-in", new { token = MonitorHost.ViewerToken }, Cancel)).Dispose();
        using var signedIn = await browser.GetAsync("/api/status", Cancel);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/sign-out");
        request.Headers.Add("X-Monitor-Request", "1");
        (await browser.SendAsync(request, Cancel)).Dispose();
        using var signedOut = await browser.GetAsync("/api/status", Cancel);

        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, signedOut.StatusCode);
    }

    [Fact]
    public async Task SignOut_ReplayedCookie_NoLongerAcknowledgesOrReads()
    {
        // The drill: the cookie was self-contained, so a copy taken before sign-out kept working.
        var alert = await Alerting.SlowModuleAsync(_monitor, "replayed-cookie");
        using var browser = Browser();
        using var signIn = await browser.PostAsJsonAsync("/api/auth/sign-in", new { token = MonitorHost.AdminToken, name = "Mallory" }, Cancel);
        var stolen = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-monitor=", StringComparison.Ordinal)).Split(';')[0];
        using var signOut = new HttpRequestMessage(HttpMethod.Post, "/api/auth/sign-out");
        signOut.Headers.Add("X-Monitor-Request", "1");
        (await browser.SendAsync(signOut, Cancel)).Dispose();

        using var replay = new HttpRequestMessage(HttpMethod.Post, $"/api/alerts/{alert.Id}/acknowledge") { Content = JsonContent.Create(new { comment = "replayed" }) };
        replay.Headers.Add("Cookie", stolen);
        replay.Headers.Add("X-Monitor-Request", "1");
        using var replayed = await _monitor.Web.SendAsync(replay, Cancel);
        using var read = new HttpRequestMessage(HttpMethod.Get, "/api/status");
        read.Headers.Add("Cookie", stolen);
        using var replayedRead = await _monitor.Web.SendAsync(read, Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, replayed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, replayedRead.StatusCode);
        Assert.Equal(AlertStatus.Firing, (await _monitor.Get<IAlertStore>().GetAsync(alert.Id, Cancel))!.Status);
    }

    [Fact]
    public async Task SignIn_RepeatedWrongTokens_RateLimitedTo429()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++)
        {
            using var response = await _monitor.Web.PostAsJsonAsync("/api/auth/sign-in", new { token = "wrong-token-" + i }, Cancel);
            statuses.Add(response.StatusCode);
        }

        Assert.Contains(HttpStatusCode.Unauthorized, statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }
}
