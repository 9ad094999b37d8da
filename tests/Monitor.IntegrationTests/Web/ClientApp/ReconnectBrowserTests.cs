using Microsoft.Data.Sqlite;
using Monitor.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace Monitor.IntegrationTests.Web.ClientApp;

/// <summary>The connection's states in a browser: the server goes away and comes back; the page shows it and resyncs.</summary>
public sealed class ReconnectBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private DirectoryInfo _data = null!;

    public ValueTask InitializeAsync()
    {
        _data = Directory.CreateTempSubdirectory("monitor-reconnect-");
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await browser.CloseContextsAsync();
        SqliteConnection.ClearAllPools();
        _data.Delete(recursive: true);
    }

    [Fact]
    public async Task ServerStopsAndRestarts_PageShowsReconnectingThenConnectedWithDataResynced()
    {
        var settings = new Dictionary<string, string?> { ["Storage:ConnectionString"] = $"Data Source={Path.Combine(_data.FullName, "monitor.db")}" };
        var first = await MonitorHost.StartAsync(settings);
        var ports = first.Ports;
        await Alerting.SlowModuleAsync(first, "before-restart");
        var page = await browser.NewPageAsync();
        await page.GotoAsync(first.WebUri.ToString());
        await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Connected");
        await Expect(page.GetByTestId("alert-job").Filter(new() { HasText = "before-restart" })).ToBeVisibleAsync();

        await first.DisposeAsync();
        await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Reconnecting");
        await Expect(page.GetByTestId("dashboard")).ToHaveAttributeAsync("data-state", "recovering");

        await using var second = await MonitorHost.StartOnAsync(ports, settings);
        await Alerting.SlowModuleAsync(second, "after-restart");
        await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Connected", new() { Timeout = 20_000 });
        await Expect(page.GetByTestId("alert-job").Filter(new() { HasText = "after-restart" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("alert-job").Filter(new() { HasText = "before-restart" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task ReconnectAttemptsSpent_PageShowsFailed_TryAgainConnectsOnceTheServerIsBack()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = $"Data Source={Path.Combine(_data.FullName, "failed.db")}",
            ["Ui:ReconnectAttempts"] = "2",
        };
        var first = await MonitorHost.StartAsync(settings);
        var ports = first.Ports;
        var page = await browser.NewPageAsync();
        var uiSettings = page.WaitForResponseAsync(r => r.Url.EndsWith("/api/ui", StringComparison.Ordinal));
        await page.GotoAsync(first.WebUri.ToString());
        await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Connected");
        Assert.Equal(200, (await uiSettings).Status);

        await first.DisposeAsync();
        await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Failed", new() { Timeout = 15_000 });
        await Expect(page.GetByTestId("dashboard")).ToHaveAttributeAsync("data-state", "error");

        await using var second = await MonitorHost.StartOnAsync(ports, settings);
        await Alerting.SlowModuleAsync(second, "after-failed");
        await page.GetByTestId("connection-retry").ClickAsync();
        await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Connected");
        await Expect(page.GetByTestId("alert-job").Filter(new() { HasText = "after-failed" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("dashboard")).Not.ToHaveAttributeAsync("data-state", "error", new() { Timeout = 10_000 });
    }
}
