using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Monitor.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace Monitor.IntegrationTests.Web.ClientApp;

/// <summary>
/// The console's first picture of the open alerts comes over REST and the hub corrects it when it is
/// not the hub's own: an answer from a replica that had not heard of an alert, or of a resolution, or
/// no answer at all, still ends with exactly the open alerts.
/// </summary>
public sealed class ConsoleFirstPictureBrowserTests(BrowserFixture browser, ConsoleFirstPictureBrowserTests.Host host)
    : IClassFixture<BrowserFixture>, IClassFixture<ConsoleFirstPictureBrowserTests.Host>, IAsyncDisposable
{
    public ValueTask DisposeAsync() => browser.CloseContextsAsync();

    public sealed class Host : IAsyncLifetime
    {
        public MonitorHost Monitor { get; private set; } = null!;

        public async ValueTask InitializeAsync() => Monitor = await MonitorHost.StartAsync();

        public ValueTask DisposeAsync() => Monitor.DisposeAsync();
    }

    private MonitorHost Monitor => host.Monitor;

    [Fact]
    public async Task OpenAlertsOverRestOutOfDate_TheHubSendsItsOwn_AnAlertMissingAppears_AnAlertClosedSinceGoes()
    {
        await Alerting.SlowModuleAsync(Monitor, "first-picture-missing");
        var page = await NewPageAsync();
        // What a replica that had heard of neither change could answer: a closed alert still open, the new one absent.
        await page.RouteAsync("**/api/alerts/open", route => route.FulfillAsync(new()
        {
            ContentType = "application/json",
            Body = new JsonObject
            {
                ["digest"] = "1-00000000000000aa",
                ["alerts"] = new JsonArray(Row("first-picture-ghost", "first-picture-closed-since")),
            }.ToJsonString(),
        }));

        await page.GotoAsync(Monitor.WebUri.ToString());

        await Expect(page.GetByTestId("alert-job").Filter(new() { HasText = "first-picture-missing" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("alert-job").Filter(new() { HasText = "first-picture-closed-since" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task OpenAlertsRequestFails_TheHubSendsThem()
    {
        await Alerting.SlowModuleAsync(Monitor, "first-picture-no-rest");
        var page = await NewPageAsync();
        await page.RouteAsync("**/api/alerts/open", route => route.FulfillAsync(new() { Status = 503, Body = "unavailable" }));

        await page.GotoAsync(Monitor.WebUri.ToString());

        await Expect(page.GetByTestId("alert-job").Filter(new() { HasText = "first-picture-no-rest" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task OpenAlertsOverRestCurrent_ShownWithoutTheHubSendingThemAgain()
    {
        await Alerting.SlowModuleAsync(Monitor, "first-picture-current");
        var page = await NewPageAsync();
        var snapshots = 0;
        page.WebSocket += (_, socket) => socket.FrameReceived += (_, frame) =>
            snapshots += frame.Text?.Contains("\"target\":\"alerts_snapshot\"", StringComparison.Ordinal) == true ? 1 : 0;

        await page.GotoAsync(Monitor.WebUri.ToString());

        await Expect(page.GetByTestId("alert-job").Filter(new() { HasText = "first-picture-current" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Connected");
        await page.WaitForFunctionAsync("performance.getEntriesByName('monitor:alerts-synced').length > 0");
        Assert.True(await page.EvaluateAsync<bool>("performance.getEntriesByName('monitor:alerts-synced')[0].detail"));
        Assert.Equal(0, snapshots);
    }

    private async Task<IPage> NewPageAsync()
    {
        var context = await browser.NewContextAsync();
        return await context.NewPageAsync();
    }

    /// <summary>An open alert's list row as GET /api/alerts/open writes it.</summary>
    private static JsonObject Row(string id, string job) => new()
    {
        ["id"] = id,
        ["type"] = "slow_module",
        ["severity"] = "warning",
        ["status"] = "firing",
        ["message"] = $"module slow ({job})",
        ["labels"] = new JsonObject { ["job"] = job },
        ["count"] = 1,
        ["timestamp"] = DateTimeOffset.UtcNow.AddMinutes(-5).ToString("O"),
        ["lastSeen"] = DateTimeOffset.UtcNow.AddMinutes(-5).ToString("O"),
        ["version"] = 1,
    };
}
