using Microsoft.Playwright;
using Monitor.TestSupport;

namespace Monitor.IntegrationTests.Web.ClientApp;

/// <summary>
/// Headless Chromium from Debian (/usr/bin/chromium), driven by Playwright for .NET; no browser is
/// downloaded. The flags are the ones this machine's network needs (no background connections), and one
/// that keeps the browser's own UI out of the measurements: headless Chromium 156 is the whole browser,
/// and for every new context (a window) it loaded the address bar's WebUI popup (AI mode) in a renderer of
/// its own, about 1.4 s of a core while the console's page loaded beside it on a 2-core machine
/// (a Chromium trace, docs/performance.md). The page under test gets the cores a user's tab would.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private readonly List<IBrowserContext> _contexts = [];
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>
    /// A fresh context, closed by <see cref="CloseContextsAsync"/> when the test ends: a page left
    /// open keeps its hub connection and renders every broadcast, and a class's dozen such pages
    /// slowed the next page's load past Playwright's 30 s navigation timeout on the CI machine.
    /// </summary>
    public async Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions? options = null)
    {
        var context = await Browser.NewContextAsync(options);
        lock (_contexts)
        {
            _contexts.Add(context);
        }
        return context;
    }

    public async Task<IPage> NewPageAsync(BrowserNewContextOptions? options = null) =>
        await (await NewContextAsync(options)).NewPageAsync();

    /// <summary>Closes the contexts the finished test opened (tests of a class run one at a time).</summary>
    public async ValueTask CloseContextsAsync()
    {
        IBrowserContext[] open;
        lock (_contexts)
        {
            open = [.. _contexts];
            _contexts.Clear();
        }
        foreach (var context in open)
        {
            await context.CloseAsync();
        }
    }

    public async ValueTask InitializeAsync()
    {
        var chromium = ExternalTool.Require("chromium", "chromium");
        // Playwright's 5 s default is shorter than a first page load plus hub connect takes on the
        // shared 2-core CI machine while other test classes run; how fast the console is gets
        // measured by the measurement tests, not by these waits.
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup"],
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
    }
}
