using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Monitor.TestSupport;
using OpenTelemetry.Exporter;
using static Microsoft.Playwright.Assertions;

namespace Monitor.IntegrationTests.Web.ClientApp;

/// <summary>
/// Breach -> the alert in a real browser's DOM (docs/performance.md), beside a .NET SignalR client
/// on the same hub in the same run: 200 slow-module spans, one at a time, each timed from just
/// before its OTLP export to its row appearing in Chromium (a MutationObserver) and to its
/// alerts_update reaching the client. Both clocks are this machine's wall clock.
/// </summary>
[Collection(nameof(AlertStormBrowserTests))]
public sealed class BreachToBrowserMeasurementTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncDisposable
{
    public ValueTask DisposeAsync() => browser.CloseContextsAsync();

    private const int Breaches = 200;

    /// <summary>Epoch milliseconds (fractional) at which each pipeline's first alert row entered the page.</summary>
    private const string RowProbe = """
        window.__rows = {};
        new MutationObserver(() => {
            const now = performance.timeOrigin + performance.now();
            for (const job of document.querySelectorAll('[data-testid=alert-job]')) {
                const name = /job=(\S+)/.exec(job.textContent)?.[1];
                if (name && !(name in window.__rows)) window.__rows[name] = now;
            }
        }).observe(document, { subtree: true, childList: true });
        """;

    private static readonly long EpochTicksAtStart = DateTime.UtcNow.Ticks;
    private static readonly long StopwatchAtStart = Stopwatch.GetTimestamp();

    /// <summary>Wall clock in fractional epoch milliseconds, with the stopwatch's resolution.</summary>
    private static double NowMs() =>
        (EpochTicksAtStart - DateTime.UnixEpoch.Ticks) / (double)TimeSpan.TicksPerMillisecond + Stopwatch.GetElapsedTime(StopwatchAtStart).TotalMilliseconds;

    [Fact]
    public async Task Breach_ToTheBrowsersDom_AndToASignalRClient_200Breaches()
    {
        await using var monitor = await MonitorHost.StartAsync();
        var page = await browser.NewPageAsync();
        await page.AddInitScriptAsync(RowProbe);
        await page.GotoAsync(monitor.WebUri.ToString());
        await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Connected");
        var hubSeen = new ConcurrentDictionary<string, double>();
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(monitor.WebUri, "/hubs/monitoring"), o => (o.SkipNegotiation, o.Transports) = (true, HttpTransportType.WebSockets))
            .Build();
        hub.On<JsonElement>("alerts_update", alerts =>
        {
            var now = NowMs();
            foreach (var alert in alerts.EnumerateArray())
            {
                hubSeen.TryAdd(alert.GetProperty("labels").GetProperty("job").GetString()!, now);
            }
        });
        await hub.StartAsync(TestContext.Current.CancellationToken);

        var sent = new Dictionary<string, double>();
        for (var i = 0; i < Breaches; i++)
        {
            var job = $"dom-{i:D3}";
            using var spans = new PipelineSpans(job, monitor.OtlpGrpcUri, OtlpExportProtocol.Grpc);
            spans.Span("module_generation", TimeSpan.FromSeconds(100));
            sent[job] = NowMs();
            spans.Flush();
            await Poll.UntilAsync(() => Task.FromResult(hubSeen.ContainsKey(job)), seen => seen, $"the alert of {job} at the client");
        }
        await Expect(page.GetByTestId("firing-count")).ToHaveTextAsync($"{Breaches} firing");
        var rows = await page.EvaluateAsync<Dictionary<string, double>>("window.__rows");

        // The list is windowed: a row is in the page only while in view. A browser that falls
        // behind (a loaded machine) renders several alerts at once, and the older ones may land
        // below the view and never enter the page; the DOM figure is over the rows that did.
        var dom = sent.Where(s => rows.ContainsKey(s.Key)).Select(s => rows[s.Key] - s.Value).Order().ToArray();
        Assert.True(dom.Length >= Breaches / 2, $"only {dom.Length} of {Breaches} alert rows ever entered the page");
        var client = sent.Select(s => hubSeen[s.Key] - s.Value).Order().ToArray();
        var line = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"breach -> browser DOM: p50 {Quantile(dom, 0.5):F1} ms, p99 {Quantile(dom, 0.99):F1} ms, max {dom[^1]:F1} ms; " +
            $"breach -> SignalR client: p50 {Quantile(client, 0.5):F1} ms, p99 {Quantile(client, 0.99):F1} ms, max {client[^1]:F1} ms ({Breaches} breaches, {dom.Length} rows seen entering the page)");
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        Assert.All(dom, latency => Assert.True(latency > 0, "a row appeared before its span was sent: the clocks disagree"));
    }

    private static double Quantile(double[] sorted, double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
}
