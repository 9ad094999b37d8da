using Monitor.IntegrationTests.Web.ClientApp;
using Monitor.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace Monitor.IntegrationTests.Cluster;

/// <summary>
/// The UI in headless Chromium through the TLS proxy: every request (page, sign-in, hub, acknowledge)
/// may land on another replica, and the hub's Origin check sees the public https origin.
/// </summary>
[Collection(ClusterTestGroup.Name)]
public sealed class ClusterBrowserTests(SharedCluster shared, BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncDisposable
{
    public ValueTask DisposeAsync() => browser.CloseContextsAsync();

    private MonitorCluster Cluster => shared.Cluster;

    [Fact]
    public async Task TheConsoleThroughTheTlsProxy_ConnectsSignsInAndAcknowledges_AClientOfAnotherReplicaSeesIt()
    {
        var job = MonitorCluster.Job("cluster-browser");
        MonitorCluster.SendSlowModules(Cluster.Replicas[2], job);
        using var admin = Cluster.AdminClient();
        var id = (await MonitorCluster.StoredAlertsAsync(admin, job))[0].GetProperty("id").GetString()!;
        await using var watcher = await Cluster.ConnectAsync(Cluster.Replicas[0]);

        // The certificate is the test's own; the browser is told to accept it, nothing else changes.
        var context = await browser.NewContextAsync(new() { IgnoreHTTPSErrors = true });
        var page = await context.NewPageAsync();
        var refusals = new List<string>();
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                refusals.Add($"{response.Status} {response.Url}");
            }
        };
        await page.GotoAsync(Cluster.Proxy!.PublicUri.ToString());
        await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Connected");

        await page.GetByTestId("sign-in-open").ClickAsync();
        await page.GetByTestId("token").FillAsync(MonitorHost.AdminToken);
        await page.GetByTestId("name").FillAsync("Alice");
        await page.GetByTestId("sign-in-submit").ClickAsync();
        await Expect(page.GetByTestId("identity")).ToHaveTextAsync("Alice (admin)");
        // A few reloads: the session cookie one replica wrote opens on the others.
        for (var i = 0; i < 3; i++)
        {
            await page.ReloadAsync();
            await Expect(page.GetByTestId("identity")).ToHaveTextAsync("Alice (admin)");
            await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Connected");
        }

        var alert = page.GetByTestId("alert").Filter(new() { Has = page.GetByTestId("alert-job").Filter(new() { HasText = job }) });
        await alert.GetByTestId("acknowledge-open").ClickAsync();
        await page.GetByTestId("acknowledge-comment").FillAsync("from behind the proxy");
        await page.GetByTestId("acknowledge-submit").ClickAsync();

        await Expect(alert.GetByTestId("alert-status")).ToHaveTextAsync("acknowledged");
        await watcher.WaitForStatusAsync(id, "acknowledged", TimeSpan.FromSeconds(1));
        Assert.Empty(refusals);
    }
}
