using System.Diagnostics;
using Microsoft.Playwright;
using Monitor.IntegrationTests.Web.Hosting;
using Monitor.TestSupport;
using OpenTelemetry.Exporter;
using static Microsoft.Playwright.Assertions;

namespace Monitor.IntegrationTests.Web.ClientApp;

/// <summary>The UI in a real browser against the real host: live cards, alerts, acknowledgement, theme, text safety.</summary>
public sealed class DashboardBrowserTests(BrowserFixture browser, HostTests.Host host) : IClassFixture<BrowserFixture>, IClassFixture<HostTests.Host>, IAsyncDisposable
{
    public ValueTask DisposeAsync() => browser.CloseContextsAsync();

    private MonitorHost Monitor => host.Monitor;

    private async Task<IPage> OpenAsync(IBrowserContext? context = null)
    {
        context ??= await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        page.Dialog += (_, dialog) => Assert.Fail($"a dialog opened: {dialog.Message}");
        await page.GotoAsync(Monitor.WebUri.ToString());
        await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Connected");
        return page;
    }

    private static ILocator AlertOf(IPage page, string job) =>
        page.GetByTestId("alert").Filter(new() { Has = page.GetByTestId("alert-job").Filter(new() { HasText = job }) });

    [Fact]
    public async Task Page_SpansArrive_MetricCardsUpdate()
    {
        var page = await OpenAsync();
        using (var spans = new PipelineSpans("ui-cards", Monitor.OtlpGrpcUri, OtlpExportProtocol.Grpc))
        {
            for (var i = 0; i < 3; i++)
            {
                spans.Span("module_generation", TimeSpan.FromMilliseconds(250));
            }
            spans.Flush();
        }

        await Expect(page.Locator("[data-testid=pipeline] option[value='ui-cards']")).ToHaveCountAsync(1);
        await page.GetByTestId("pipeline").SelectOptionAsync("ui-cards");

        await Expect(page.GetByTestId("card-modules")).ToHaveTextAsync("3");
        await Expect(page.GetByTestId("card-latency")).ToHaveTextAsync("250 ms");
        await Expect(page.GetByTestId("dashboard")).ToHaveAttributeAsync("data-state", new System.Text.RegularExpressions.Regex("displaying|updating"));
    }

    [Fact]
    public async Task Breach_AppearsInTheAlertsPanelWithinTwoSeconds()
    {
        var page = await OpenAsync();

        var sent = Stopwatch.StartNew();
        await Alerting.SlowModuleAsync(Monitor, "ui-breach");
        await Expect(AlertOf(page, "ui-breach")).ToBeVisibleAsync(new() { Timeout = 2000 });

        Assert.True(sent.Elapsed < TimeSpan.FromSeconds(2), $"the alert took {sent.ElapsedMilliseconds} ms");
        await Expect(page.GetByTestId("alert-announcement")).ToContainTextAsync("New warning alert");
    }

    [Fact]
    public async Task AdminSignsInAndAcknowledges_ASecondBrowserSeesIt()
    {
        await Alerting.SlowModuleAsync(Monitor, "ui-ack");
        var admin = await OpenAsync();
        var other = await OpenAsync();
        await Expect(AlertOf(other, "ui-ack")).ToBeVisibleAsync();

        await admin.GetByTestId("sign-in-open").ClickAsync();
        await admin.GetByTestId("token").FillAsync(MonitorHost.AdminToken);
        await admin.GetByTestId("name").FillAsync("Alice");
        await admin.GetByTestId("sign-in-submit").ClickAsync();
        await Expect(admin.GetByTestId("identity")).ToHaveTextAsync("Alice (admin)");
        var alert = AlertOf(admin, "ui-ack");
        await alert.GetByTestId("acknowledge-open").ClickAsync();
        await admin.GetByTestId("acknowledge-comment").FillAsync("rolling back the model");
        await admin.GetByTestId("acknowledge-duration").SelectOptionAsync("01:00:00");
        await admin.GetByTestId("acknowledge-submit").ClickAsync();

        var seen = AlertOf(other, "ui-ack");
        await Expect(seen.GetByTestId("alert-status")).ToHaveTextAsync("acknowledged");
        await Expect(seen.GetByTestId("alert-ack")).ToContainTextAsync("acknowledged by Alice");
        await Expect(seen.GetByTestId("alert-ack")).ToContainTextAsync("rolling back the model");
        await Expect(other.GetByTestId("acknowledge-open")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Theme_ChosenOnce_SurvivesAReload()
    {
        var context = await browser.NewContextAsync(new() { ColorScheme = ColorScheme.Light });
        var page = await OpenAsync(context);
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-theme", "light");

        await page.GetByTestId("theme-toggle").ClickAsync();
        await page.ReloadAsync();

        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-theme", "dark");
    }

    [Fact]
    public async Task HostileTelemetryText_ShownAsTextAndNothingRuns()
    {
        const string hostile = "<img src=x onerror=alert(1)>";
        var page = await OpenAsync();

        await Alerting.SlowModuleAsync(Monitor, hostile);

        var alert = AlertOf(page, hostile);
        await Expect(alert).ToBeVisibleAsync();
        await Expect(alert.GetByTestId("alert-message")).ToContainTextAsync(hostile);
        await Expect(alert.GetByTestId("alert-job")).ToContainTextAsync(hostile);
        await Expect(page.Locator(".alerts-panel img")).ToHaveCountAsync(0);
    }
}
