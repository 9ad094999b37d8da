using System.Net;
using System.Net.Http.Headers;
using Monitor.TestSupport;

namespace Monitor.IntegrationTests.Web.Health;

/// <summary>
/// /readyz answers anyone (a kubelet has no token) and any Host, so it tells what is not ready,
/// not why: the store's error (a path, a server name, a login) only to a caller who signed in.
/// </summary>
public sealed class ReadinessSecurityTests : IAsyncLifetime
{
    private MonitorHost _monitor = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    // A store that cannot be opened (its folder exists, the file cannot be made there): its error names the file.
    public async ValueTask InitializeAsync() => _monitor = await MonitorHost.StartAsync(new Dictionary<string, string?>
    {
        ["Storage:ConnectionString"] = "Data Source=/proc/secret-store-name.db",
        ["Monitoring:HealthCheckInterval"] = "00:00:01",
    });

    public ValueTask DisposeAsync() => _monitor.DisposeAsync();

    [Fact]
    public async Task StoreUnreachable_Anonymous_503WithoutTheStoresError()
    {
        // The hypothesis: /readyz returned store exception messages to anyone.
        var body = await Poll.UntilAsync(async () =>
        {
            using var response = await _monitor.Web.GetAsync("/readyz", Cancel);
            return response.StatusCode == HttpStatusCode.ServiceUnavailable ? await response.Content.ReadAsStringAsync(Cancel) : null;
        }, b => b is not null, "/readyz to report the store");

        Assert.Contains("store: Unhealthy", body, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-store-name", body, StringComparison.Ordinal);
        Assert.DoesNotContain(" - ", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StoreUnreachable_SignedIn_TheDetailsToo()
    {
        var body = await Poll.UntilAsync(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/readyz");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", MonitorHost.ViewerToken);
            using var response = await _monitor.Web.SendAsync(request, Cancel);
            return response.StatusCode == HttpStatusCode.ServiceUnavailable ? await response.Content.ReadAsStringAsync(Cancel) : null;
        }, b => b is not null, "/readyz to report the store");

        Assert.Contains("store: Unhealthy - alert store (Sqlite)", body, StringComparison.Ordinal);
    }
}
