using Microsoft.Playwright;
using Monitor.TestSupport;
using OpenTelemetry.Exporter;
using static Microsoft.Playwright.Assertions;
using static Monitor.IntegrationTests.Web.ClientApp.ConsolePages;

namespace Monitor.IntegrationTests.Web.ClientApp;

/// <summary>
/// Every view of the console drawn from a live monitor with a few pipelines and alerts, and
/// photographed: into a temporary folder, or into the one MONITOR_SCREENSHOTS names, which makes the
/// screenshots of docs/screenshots (linked from the README):
/// <c>MONITOR_SCREENSHOTS=$PWD/docs/screenshots dotnet test tests/Monitor.IntegrationTests --filter ConsoleScreenshots</c>.
/// </summary>
public sealed class ConsoleScreenshots(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncDisposable
{
    public ValueTask DisposeAsync() => browser.CloseContextsAsync();

    [Fact]
    public async Task EveryView_Screenshot()
    {
        var chosen = Environment.GetEnvironmentVariable("MONITOR_SCREENSHOTS");
        var temporary = string.IsNullOrEmpty(chosen) ? Directory.CreateTempSubdirectory("monitor-screenshots-") : null;
        var folder = chosen is { Length: > 0 } ? chosen : temporary!.FullName;
        try
        {
            await PhotographAsync(folder);
            Assert.Equal(5, Directory.GetFiles(folder, "*.png").Length);
        }
        finally
        {
            temporary?.Delete(recursive: true);
        }
    }

    private async Task PhotographAsync(string folder)
    {
        await using var monitor = await MonitorHost.StartAsync(new Dictionary<string, string?>
        {
            ["Ui:TraceUrlTemplate"] = "http://localhost:16686/trace/{traceId}",
            ["Ui:GrafanaUrl"] = "http://localhost:3000",
        });
        foreach (var (job, errors) in new[] { ("llm-modules", 0), ("helm-resources", 3), ("policy-validation", 12) })
        {
            using var spans = new PipelineSpans(job, monitor.OtlpGrpcUri, OtlpExportProtocol.Grpc);
            for (var i = 0; i < 40; i++)
            {
                spans.Span("module_generation", TimeSpan.FromMilliseconds(300 + (i * 37 % 900)), error: i < errors);
                spans.Span("resource_generation", TimeSpan.FromMilliseconds(120 + (i * 13 % 200)));
                spans.Span("validation", TimeSpan.FromMilliseconds(40 + (i * 7 % 90)), error: i < errors / 2);
                spans.Span("hooks", TimeSpan.FromMilliseconds(15 + (i % 20)));
            }
            if (job == "policy-validation")
            {
                spans.RunWithRootSpan(["module_generation", "resource_generation", "validation", "hooks"], runId: "nightly-2026-11-25");
                spans.RunWithRootSpan(["module_generation", "resource_generation", "hooks", "hooks", "hooks"], failedStage: "hooks", runId: "nightly-2026-11-26");
            }
            spans.Flush();
        }
        var slow = await Alerting.SlowModuleAsync(monitor, "llm-modules", "m-4711");
        await Alerting.SlowModuleAsync(monitor, "helm-resources", "m-0815");
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 }, ColorScheme = ColorScheme.Light });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(monitor.WebUri, "/?pipeline=policy-validation").ToString());
        await SignInAsync(page, "Alice");
        await Expect(page.GetByTestId("stage-validation").GetByTestId("stage-count")).Not.ToHaveTextAsync("–");
        await Expect(page.GetByTestId("alert")).Not.ToHaveCountAsync(0);
        await Expect(page.GetByTestId("run-row")).ToHaveCountAsync(2, new() { Timeout = 30_000 });
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "dashboard.png"), FullPage = true });

        await page.GetByTestId("nav-fleet").ClickAsync();
        await Expect(page.GetByTestId("fleet-row")).Not.ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "fleet.png") });

        await page.GotoAsync(new Uri(monitor.WebUri, $"/alerts/{slow.Id}").ToString());
        await Expect(page.GetByTestId("alert-history")).ToContainTextAsync("fired");
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "alert.png") });

        await page.GotoAsync(new Uri(monitor.WebUri, "/?group=pipeline").ToString());
        await page.GetByTestId("alert-group").First.GetByRole(AriaRole.Button).First.ClickAsync();
        await page.GetByTestId("select-all").CheckAsync();
        await page.GetByTestId("bulk-acknowledge").ClickAsync();
        await page.GetByTestId("acknowledge-comment").FillAsync("one cause: the model registry is down");
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "bulk-acknowledge.png") });
        await page.Keyboard.PressAsync("Escape");

        await page.GotoAsync(new Uri(monitor.WebUri, "/?status=all").ToString());
        await Expect(page.GetByTestId("shown-count")).ToContainTextAsync("from the store");
        await page.GetByTestId("shortcuts-open").ClickAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "past-alerts-and-shortcuts.png") });
    }
}
