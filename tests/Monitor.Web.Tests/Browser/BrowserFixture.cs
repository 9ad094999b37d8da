using Microsoft.Playwright;
using Monitor.TestSupport;

namespace Monitor.Web.Tests.Browser;

/// <summary>
/// Headless Chromium from Debian (/usr/bin/chromium), driven by Playwright for .NET; no browser is
/// downloaded. The flags are the ones this machine's network needs (no background connections).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

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
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
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
