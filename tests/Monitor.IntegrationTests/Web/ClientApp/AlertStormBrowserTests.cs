using Monitor.AlertEngine.Model;
using Monitor.AlertEngine.OpenAlerts;
using Monitor.AlertEngine.Rules;
using Monitor.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace Monitor.IntegrationTests.Web.ClientApp;

[CollectionDefinition(nameof(AlertStormBrowserTests), DisableParallelization = true)]
public sealed class AlertStormMeasurements;

/// <summary>
/// The console in an alert storm, measured in the browser (docs/performance.md): 2,000 then 10,000
/// open alerts, the time from navigation to the list showing them all, the page's element count,
/// and the time a filter takes to redraw. Runs alone, so the figures are the console's.
/// </summary>
[Collection(nameof(AlertStormBrowserTests))]
public sealed class AlertStormBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncDisposable
{
    public ValueTask DisposeAsync() => browser.CloseContextsAsync();

    /// <summary>
    /// In the page before any script of the console: the moment the list first says "{n} shown", and
    /// the main thread's long tasks (start+duration, ms), which tell where the time went.
    /// </summary>
    private const string FirstViewProbe = """
        window.__firstView = null;
        window.__longTasks = [];
        new PerformanceObserver(list => window.__longTasks.push(...list.getEntries().map(e => `${Math.round(e.startTime)}+${Math.round(e.duration)}`)))
            .observe({ type: 'longtask' });
        new MutationObserver((_, observer) => {
            const count = document.querySelector('[data-testid=shown-count]');
            if (count && count.textContent.includes(`${window.__expected} shown`)) {
                window.__firstView = performance.now();
                observer.disconnect();
            }
        }).observe(document, { subtree: true, childList: true, characterData: true });
        """;

    /// <summary>
    /// Changes a filter select the way a user does and times until the alert panel has redrawn (its
    /// first change, then the next frame); -1 when nothing changed within 10 s.
    /// </summary>
    private const string TimeFilter = """
        ([testId, value]) => new Promise(resolve => {
            const panel = document.querySelector('.alerts-panel');
            const select = document.querySelector(`[data-testid=${testId}]`);
            const timeout = setTimeout(() => resolve(-1), 10000);
            const started = performance.now();
            new MutationObserver((_, observer) => {
                observer.disconnect();
                requestAnimationFrame(() => {
                    clearTimeout(timeout);
                    resolve(performance.now() - started);
                });
            }).observe(panel, { subtree: true, childList: true, characterData: true, attributes: true });
            if (select.tagName === 'INPUT') {
                // A text box (many pipelines): typed, then Enter, as React sees a user do it.
                Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(select, value);
                select.dispatchEvent(new Event('input', { bubbles: true }));
                select.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
            } else {
                select.value = value;
                select.dispatchEvent(new Event('change', { bubbles: true }));
            }
        })
        """;

    [Fact]
    public async Task Storm_2000Then10000OpenAlerts_FirstViewAndFiltersMeasured()
    {
        await using var monitor = await MonitorHost.StartAsync();
        var figures = new List<string>();
        var raised = 0;
        foreach (var total in new[] { 2_000, 10_000 })
        {
            raised = await RaiseAsync(monitor, raised, total);
            var page = await browser.NewPageAsync();
            await page.AddInitScriptAsync($"window.__expected = {total};\n{FirstViewProbe}");
            await page.GotoAsync(monitor.WebUri.ToString());
            await Expect(page.GetByTestId("shown-count")).ToContainTextAsync($"{total} shown", new() { Timeout = 30_000 });
            var coldView = await page.EvaluateAsync<double>("window.__firstView");
            // Again in the same browser (its cache and renderer warm, as for a console left open and reloaded).
            await page.ReloadAsync();
            await Expect(page.GetByTestId("shown-count")).ToContainTextAsync($"{total} shown", new() { Timeout = 30_000 });
            var firstView = await page.EvaluateAsync<double>("window.__firstView");
            var elements = await page.EvaluateAsync<int>("document.getElementsByTagName('*').length");
            var marks = await page.EvaluateAsync<string>(
                "[...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('mark')].map(e => `${e.name.split('/').pop() || 'page'} ${Math.round(e.entryType === 'navigation' ? e.domContentLoadedEventEnd : e.startTime)}`).join(', ')");
            var rows = await page.GetByTestId("alert").CountAsync();
            var longTasks = await page.EvaluateAsync<string>("window.__longTasks.join(' ')");
            var request = await page.EvaluateAsync<string>(
                "performance.getEntriesByType('resource').filter(e => e.name.endsWith('/api/alerts/open')).map(e => `${e.initiatorType} sent ${Math.round(e.requestStart)}, first byte ${Math.round(e.responseStart)}, last byte ${Math.round(e.responseEnd)}, ${Math.round(e.encodedBodySize / 1024)} KiB`).join('; ')");

            var severity = await page.EvaluateAsync<double>(TimeFilter, new[] { "filter-severity", "critical" });
            await Expect(page.GetByTestId("shown-count")).ToContainTextAsync($"{total / 5} shown");
            var pipeline = await page.EvaluateAsync<double>(TimeFilter, new[] { "filter-job", "storm-00005" });
            await Expect(page.GetByTestId("shown-count")).ToContainTextAsync("1 shown");
            var back = await page.EvaluateAsync<double>(TimeFilter, new[] { "filter-job", "" });
            var group = await page.EvaluateAsync<double>(TimeFilter, new[] { "filter-group", "rule" });
            var all = await page.EvaluateAsync<double>(TimeFilter, new[] { "filter-severity", "all" });
            await Expect(page.GetByTestId("shown-count")).ToContainTextAsync($"{total} shown");
            Assert.DoesNotContain(-1, new[] { severity, pipeline, back, group, all });

            figures.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{total} open alerts: first view {firstView:F0} ms after navigation ({marks}; GET /api/alerts/open {request}; long tasks {longTasks}; in a new browser context {coldView:F0} ms), {elements} elements ({rows} alert rows); " +
                $"severity=critical {severity:F0} ms, one pipeline {pipeline:F0} ms, every pipeline again {back:F0} ms, group by rule {group:F0} ms, " +
                $"every severity (grouped) {all:F0} ms"));
            await page.Context.CloseAsync();
        }
        foreach (var line in figures)
        {
            TestContext.Current.TestOutputHelper?.WriteLine(line);
        }
    }

    /// <summary>Raises open alerts up to <paramref name="total"/> (one per pipeline, one in five critical), as the rules would.</summary>
    internal static async Task<int> RaiseAsync(MonitorHost monitor, int from, int total)
    {
        var throttle = monitor.Get<BreachThrottle>();
        var at = DateTimeOffset.UtcNow;
        var breaches = Enumerable.Range(from, total - from).Select(i =>
        {
            var scope = new Dictionary<string, string> { ["job"] = $"storm-{i:D5}" };
            var severity = i % 5 == 0 ? AlertSeverity.Critical : AlertSeverity.Warning;
            return new RuleBreach(RuleCatalogue.ErrorRate, Fingerprint.Of(RuleCatalogue.ErrorRate, scope), scope, severity, 0.3, 0.05, 0.2,
                $"error rate 30 % over the window (storm-{i:D5})", at);
        }).ToList();
        foreach (var chunk in breaches.Chunk(500))
        {
            throttle.Apply(chunk, []);
        }
        await Poll.UntilAsync(() => Task.FromResult(monitor.Get<IAlertFeed>().OpenAlerts.Count), count => count >= total, $"{total} open alerts",
            TimeSpan.FromMinutes(2));
        return total;
    }
}
