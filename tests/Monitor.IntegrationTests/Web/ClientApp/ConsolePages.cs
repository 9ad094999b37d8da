using Microsoft.Playwright;
using Monitor.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace Monitor.IntegrationTests.Web.ClientApp;

/// <summary>Opening the console in a fresh browser context, signed in or not, and finding an alert's row.</summary>
internal static class ConsolePages
{
    public static async Task<IPage> OpenAsync(BrowserFixture browser, MonitorHost monitor, string path = "/", bool admin = false)
    {
        var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        page.Dialog += (_, dialog) => Assert.Fail($"a dialog opened: {dialog.Message}");
        await page.GotoAsync(new Uri(monitor.WebUri, path).ToString());
        await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Connected");
        if (admin)
        {
            await SignInAsync(page);
        }
        return page;
    }

    public static async Task SignInAsync(IPage page, string name = "Alice")
    {
        await page.GetByTestId("sign-in-open").ClickAsync();
        await page.GetByTestId("token").FillAsync(MonitorHost.AdminToken);
        await page.GetByTestId("name").FillAsync(name);
        await page.GetByTestId("sign-in-submit").ClickAsync();
        await Expect(page.GetByTestId("identity")).ToHaveTextAsync($"{name} (admin)");
    }

    public static ILocator AlertOf(IPage page, string job) =>
        page.GetByTestId("alert").Filter(new() { Has = page.GetByTestId("alert-job").Filter(new() { HasText = $"job={job}" }) });

    /// <summary>Shows only the alerts whose message or labels hold <paramref name="text"/> (other tests' alerts share the host).</summary>
    public static async Task SearchAsync(IPage page, string text)
    {
        await page.GetByTestId("filter-search").FillAsync(text);
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"q={Uri.EscapeDataString(text).Replace("%20", "\\+", StringComparison.Ordinal)}"));
    }
}
