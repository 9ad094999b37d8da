using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Monitor.TestSupport;
using static Microsoft.Playwright.Assertions;
using static Monitor.IntegrationTests.Web.ClientApp.ConsolePages;

namespace Monitor.IntegrationTests.Web.ClientApp;

/// <summary>Every view of the console passes axe-core with no serious or critical violation, in both themes.</summary>
public sealed class AccessibilityBrowserTests(BrowserFixture browser, ConsoleBrowserTests.Host host)
    : IClassFixture<BrowserFixture>, IClassFixture<ConsoleBrowserTests.Host>, IAsyncDisposable
{
    public ValueTask DisposeAsync() => browser.CloseContextsAsync();

    [Theory]
    [InlineData(ColorScheme.Light)]
    [InlineData(ColorScheme.Dark)]
    public async Task EveryView_NoSeriousOrCriticalViolation(ColorScheme scheme)
    {
        var alert = await Alerting.SlowModuleAsync(host.Monitor, "axe-pipeline");
        var context = await browser.NewContextAsync(new() { ColorScheme = scheme });
        var page = await context.NewPageAsync();
        await page.GotoAsync(host.Monitor.WebUri.ToString());
        await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Connected");
        await SignInAsync(page);
        await Expect(AlertOf(page, "axe-pipeline")).ToBeVisibleAsync();
        var failures = new List<string>();

        await CheckAsync(page, "dashboard", failures);
        await page.GetByTestId("filter-group").SelectOptionAsync("pipeline");
        await page.GetByTestId("alert-group").First.GetByRole(AriaRole.Button).First.ClickAsync();
        await CheckAsync(page, "grouped alerts", failures);
        await page.GetByTestId("filter-group").SelectOptionAsync("none");
        await page.GetByTestId("acknowledge-open").First.ClickAsync();
        await CheckAsync(page, "acknowledge dialog", failures);
        await page.Keyboard.PressAsync("Escape");
        await page.GetByTestId("shortcuts-open").ClickAsync();
        await CheckAsync(page, "shortcuts", failures);
        await page.Keyboard.PressAsync("Escape");
        await page.GetByTestId("nav-fleet").ClickAsync();
        await Expect(page.GetByTestId("fleet-table")).ToBeVisibleAsync();
        await CheckAsync(page, "fleet", failures);
        await page.GotoAsync(new Uri(host.Monitor.WebUri, $"/alerts/{alert.Id}").ToString());
        await Expect(page.GetByTestId("alert-history")).ToContainTextAsync("fired");
        await CheckAsync(page, "alert", failures);
        await page.GetByTestId("filter-status").SelectOptionAsync("all");
        await Expect(page.GetByTestId("shown-count")).ToContainTextAsync("from the store");
        await CheckAsync(page, "past alerts", failures);

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static async Task CheckAsync(IPage page, string view, List<string> failures)
    {
        var result = await page.RunAxe();
        foreach (var violation in result.Violations.Where(v => v.Impact is "serious" or "critical"))
        {
            failures.Add($"{view}: {violation.Id} ({violation.Impact}) {violation.Help}: " +
                string.Join(" | ", violation.Nodes.Take(3).Select(n => n.Html)));
        }
    }
}
