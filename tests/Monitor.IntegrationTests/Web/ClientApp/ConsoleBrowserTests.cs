using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Monitor.AlertEngine.Model;
using Monitor.AlertEngine.OpenAlerts;
using Monitor.TestSupport;
using OpenTelemetry.Exporter;
using static Microsoft.Playwright.Assertions;
using static Monitor.IntegrationTests.Web.ClientApp.ConsolePages;

namespace Monitor.IntegrationTests.Web.ClientApp;

/// <summary>
/// The alert console in a real browser: deep links and the back button, search, bulk work,
/// un-acknowledge, the per-stage table, the fleet, the title, links out, hostile text.
/// </summary>
public sealed partial class ConsoleBrowserTests(BrowserFixture browser, ConsoleBrowserTests.Host host)
    : IClassFixture<BrowserFixture>, IClassFixture<ConsoleBrowserTests.Host>, IAsyncDisposable
{
    public ValueTask DisposeAsync() => browser.CloseContextsAsync();

    public const string TraceViewer = "http://traces.example/trace/{traceId}";
    public const string Grafana = "http://grafana.example:3000";

    public sealed class Host : IAsyncLifetime
    {
        public MonitorHost Monitor { get; private set; } = null!;

        public async ValueTask InitializeAsync() => Monitor = await MonitorHost.StartAsync(new Dictionary<string, string?>
        {
            ["Ui:TraceUrlTemplate"] = TraceViewer,
            ["Ui:GrafanaUrl"] = Grafana,
        });

        public ValueTask DisposeAsync() => Monitor.DisposeAsync();
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private MonitorHost Monitor => host.Monitor;

    [Fact]
    public async Task DeepLink_OpensTheAlertWithItsHistoryAndLinksOut()
    {
        var alert = await Alerting.SlowModuleAsync(Monitor, "console-deep");

        var page = await OpenAsync(browser, Monitor, $"/alerts/{alert.Id}");

        var detail = page.GetByTestId("alert-detail");
        await Expect(detail).ToHaveAttributeAsync("data-alert-id", alert.Id);
        await Expect(page.GetByTestId("detail-message")).ToHaveTextAsync(alert.Message);
        await Expect(page.GetByTestId("detail-labels")).ToContainTextAsync("console-deep");
        await Expect(page.GetByTestId("detail-age")).ToContainTextAsync(new Regex("firing for \\d+ s"));
        await Expect(page.GetByTestId("alert-history")).ToContainTextAsync("fired (warning)");
        var trace = alert.Evidence[0].TraceId;
        await Expect(page.GetByTestId("trace-link").First).ToHaveAttributeAsync("href", TraceViewer.Replace("{traceId}", trace, StringComparison.Ordinal));
        await Expect(page.GetByTestId("detail-grafana")).ToHaveAttributeAsync("href", $"{Grafana}/d/pipeline-overview?var-job=console-deep");
    }

    [Fact]
    public async Task DeepLink_BackAndForwardMoveBetweenTheListAndTheAlert()
    {
        var alert = await Alerting.SlowModuleAsync(Monitor, "console-back");
        var page = await OpenAsync(browser, Monitor);
        await SearchAsync(page, "console-back");

        await AlertOf(page, "console-back").GetByTestId("alert-open").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/alerts/{alert.Id}\\?q=console-back$"));
        await Expect(page.GetByTestId("alert-detail")).ToBeVisibleAsync();

        await page.GoBackAsync();
        await Expect(page.GetByTestId("alert-detail")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("card-modules")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("filter-search")).ToHaveValueAsync("console-back");

        await page.GoForwardAsync();
        await Expect(page.GetByTestId("alert-detail")).ToHaveAttributeAsync("data-alert-id", alert.Id);
    }

    [Fact]
    public async Task DeepLink_OfAnEarlierNotification_OpensTheAlertToo()
    {
        var alert = await Alerting.SlowModuleAsync(Monitor, "console-legacy-link");

        var page = await OpenAsync(browser, Monitor, $"/?alert={alert.Id}");

        await Expect(page.GetByTestId("alert-detail")).ToHaveAttributeAsync("data-alert-id", alert.Id);
    }

    [Fact]
    public async Task DeepLink_UnknownId_SaysSoInsteadOfAnEmptyPage()
    {
        var page = await OpenAsync(browser, Monitor, "/alerts/no-such-alert");

        await Expect(page.GetByTestId("detail-missing")).ToHaveTextAsync("No alert has the id no-such-alert.");
    }

    [Fact]
    public async Task DeepLink_MalformedAddress_SaysNotFoundInsteadOfABlankConsole()
    {
        // The hypothesis: decodeURIComponent threw on /alerts/%E0%A4%A in the route's first state, and the console was blank.
        var page = await OpenAsync(browser, Monitor, "/alerts/%E0%A4%A");

        // (The browser writes the stray % as %25 before the console reads the address.)
        await Expect(page.GetByTestId("detail-missing")).ToHaveTextAsync(new Regex("^No alert has the id %E0%A4%(25)?A\\.$"));
        await Expect(page.GetByTestId("detail-back")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Search_FindsAnAlertByALabelValue_LiveAndInTheStore()
    {
        await Alerting.SlowModuleAsync(Monitor, "console-find-alpha", moduleId: "m-alpha");
        await Alerting.SlowModuleAsync(Monitor, "console-find-beta", moduleId: "m-beta");
        var page = await OpenAsync(browser, Monitor);

        await SearchAsync(page, "find-beta");
        await Expect(page.GetByTestId("alert")).ToHaveCountAsync(1);
        await Expect(AlertOf(page, "console-find-beta")).ToBeVisibleAsync();

        // Every status: the store answers (GET /api/alerts?q=...), server-side.
        var answered = page.WaitForResponseAsync(r => r.Url.Contains("/api/alerts?", StringComparison.Ordinal) && r.Url.Contains("q=find-beta", StringComparison.Ordinal));
        await page.GetByTestId("filter-status").SelectOptionAsync("all");
        Assert.Equal(200, (await answered).Status);
        await Expect(page.GetByTestId("shown-count")).ToContainTextAsync("1 of 1 from the store");
        await Expect(AlertOf(page, "console-find-beta")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task BulkAcknowledge_InOneBrowser_ShowsInASecondWithinOneSecond()
    {
        foreach (var job in new[] { "console-bulk-1", "console-bulk-2", "console-bulk-3" })
        {
            await Alerting.SlowModuleAsync(Monitor, job);
        }
        var admin = await OpenAsync(browser, Monitor, "/?q=console-bulk", admin: true);
        var other = await OpenAsync(browser, Monitor, "/?q=console-bulk");
        await Expect(other.GetByTestId("alert")).ToHaveCountAsync(3);

        await admin.GetByTestId("select-all").CheckAsync();
        await Expect(admin.GetByTestId("selected-count")).ToHaveTextAsync("3 selected");
        await admin.GetByTestId("bulk-acknowledge").ClickAsync();
        await admin.GetByTestId("acknowledge-comment").FillAsync("one cause: the model registry is down");
        var stored = admin.WaitForResponseAsync(r => r.Url.EndsWith("/api/alerts/acknowledge", StringComparison.Ordinal));
        await admin.GetByTestId("acknowledge-submit").ClickAsync();
        Assert.Equal(200, (await stored).Status);
        var since = Stopwatch.StartNew();

        await Expect(other.GetByTestId("alert-status").Filter(new() { HasText = "acknowledged" })).ToHaveCountAsync(3, new() { Timeout = 1000 });
        TestContext.Current.TestOutputHelper?.WriteLine($"bulk acknowledgement visible in the second browser after {since.ElapsedMilliseconds} ms");
        await Expect(other.GetByTestId("alert-ack").First).ToContainTextAsync("the model registry is down");
    }

    [Fact]
    public async Task Unacknowledge_TheAlertFiresAgainAndTheWithdrawalIsInItsHistory()
    {
        var alert = await Alerting.SlowModuleAsync(Monitor, "console-unack");
        var page = await OpenAsync(browser, Monitor, $"/alerts/{alert.Id}", admin: true);
        await page.GetByTestId("alert-detail").GetByTestId("acknowledge-open").ClickAsync();
        await page.GetByTestId("acknowledge-comment").FillAsync("mine");
        await page.GetByTestId("acknowledge-submit").ClickAsync();
        await Expect(page.GetByTestId("detail-status")).ToHaveTextAsync("acknowledged");

        await page.GetByTestId("unacknowledge-open").ClickAsync();
        await page.GetByTestId("unacknowledge-comment").FillAsync("wrong alert, sorry");
        await page.GetByTestId("unacknowledge-submit").ClickAsync();

        await Expect(page.GetByTestId("detail-status")).ToHaveTextAsync("firing");
        await Expect(page.GetByTestId("alert-history")).ToContainTextAsync("unacknowledged (warning) by Alice: wrong alert, sorry");
        var stored = Monitor.Get<IAlertFeed>().OpenAlerts.Single(a => a.Id == alert.Id);
        Assert.Equal((AlertStatus.Firing, null), (stored.Status, stored.AcknowledgedBy));
    }

    [Fact]
    public async Task StageTable_ShowsWhatApiMetricsSaysForThePipeline()
    {
        using (var spans = new PipelineSpans("console-stages", Monitor.OtlpGrpcUri, OtlpExportProtocol.Grpc))
        {
            spans.Span("module_generation", TimeSpan.FromMilliseconds(120));
            spans.Span("module_generation", TimeSpan.FromMilliseconds(480), error: true);
            spans.Span("resource_generation", TimeSpan.FromMilliseconds(30));
            spans.Span("validation", TimeSpan.FromMilliseconds(2000));
            spans.Span("hooks", TimeSpan.FromMilliseconds(7));
            spans.Flush();
        }
        var page = await OpenAsync(browser, Monitor, "/?pipeline=console-stages");
        await Expect(page.GetByTestId("stage-module_generation").GetByTestId("stage-count")).ToHaveTextAsync("2");

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/metrics?job=console-stages");
        request.Headers.Authorization = new("Bearer", MonitorHost.ViewerToken);
        using var response = await Monitor.Web.SendAsync(request, Cancel);
        var performance = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel))[0].GetProperty("performance");
        foreach (var stage in new[] { "module_generation", "resource_generation", "validation", "hooks" })
        {
            var figures = performance.GetProperty(stage);
            var row = page.GetByTestId($"stage-{stage}");
            await Expect(row.GetByTestId("stage-count")).ToHaveTextAsync(figures.GetProperty("count").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture));
            await Expect(row.GetByTestId("stage-error-rate")).ToHaveTextAsync(Percent(figures.GetProperty("errorRate").GetDouble()));
            await Expect(row.GetByTestId("stage-average")).ToHaveTextAsync(Ms(figures.GetProperty("averageTime").GetDouble()));
            await Expect(row.GetByTestId("stage-p95")).ToHaveTextAsync(Ms(figures.GetProperty("p95Time").GetDouble()));
        }
        await Expect(page.GetByTestId("stage-module_generation").GetByTestId("stage-error-rate")).ToHaveTextAsync("50.0 %");
    }

    private static string Percent(double rate) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{rate * 100:F1} %");

    private static string Ms(double ms) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Math.Round(ms, MidpointRounding.ToEven):F0} ms");

    [Fact]
    public async Task Fleet_ListsEveryPipelineWorstFirst_ARowOpensThePipeline()
    {
        using (var spans = new PipelineSpans("fleet-healthy", Monitor.OtlpGrpcUri, OtlpExportProtocol.Grpc))
        {
            spans.Span("module_generation", TimeSpan.FromMilliseconds(50));
            spans.Flush();
        }
        await Alerting.SlowModuleAsync(Monitor, "fleet-warning");
        using (var spans = new PipelineSpans("fleet-critical", Monitor.OtlpGrpcUri, OtlpExportProtocol.Grpc))
        {
            spans.Span("module_generation", TimeSpan.FromSeconds(200));
            spans.Flush();
        }
        await Poll.UntilAsync(() => Task.FromResult(Monitor.Get<IAlertFeed>().OpenAlerts.Any(a => a.Job == "fleet-critical")), any => any, "the critical alert");
        var page = await OpenAsync(browser, Monitor, "/fleet");

        var rows = page.GetByTestId("fleet-row").Filter(new() { HasText = "fleet-" });
        await Expect(rows).ToHaveCountAsync(3);
        Assert.Equal(["fleet-critical", "fleet-warning", "fleet-healthy"], await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.job)"));
        Assert.Equal(["critical", "warning", "healthy"], await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.health)"));

        await rows.Filter(new() { HasText = "fleet-warning" }).GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/\\?pipeline=fleet-warning$"));
        await Expect(page.GetByTestId("pipeline")).ToHaveValueAsync("fleet-warning");
    }

    [Fact]
    public async Task Runs_ThePipelineShowsItsRunsWithOutcomeMissingStageAndTraceLink_TheFleetItsLastRun()
    {
        string trace;
        using (var spans = new PipelineSpans("console-runs", Monitor.OtlpGrpcUri, OtlpExportProtocol.Grpc))
        {
            spans.RunWithRootSpan(["module_generation", "resource_generation", "validation", "hooks"], runId: "run-ok");
            // Three hooks spans: it ends after run-ok (its root span a second later), so it is the last run.
            trace = spans.RunWithRootSpan(["module_generation", "resource_generation", "hooks", "hooks", "hooks"], failedStage: "hooks", runId: "run-bad");
            spans.Span("module_generation", TimeSpan.FromSeconds(1), false, ("pipeline.run.id", "run-now"));
            spans.Flush();
        }
        await Poll.UntilAsync(async () => (await Monitor.Web.GetFromJsonAsync<JsonElement>("/api/runs/console-runs", Cancel)).GetProperty("ended").GetArrayLength(),
            ended => ended == 2, "both ended runs stored");

        var page = await OpenAsync(browser, Monitor, "/?pipeline=console-runs");

        var rows = page.GetByTestId("run-row");
        await Expect(rows).ToHaveCountAsync(3);
        await Expect(rows.Filter(new() { HasText = "run-now" })).ToHaveAttributeAsync("data-outcome", "active");
        await Expect(rows.Filter(new() { HasText = "run-now" })).ToContainTextAsync(new Regex("running for \\d+"));
        var bad = rows.Filter(new() { HasText = "run-bad" });
        await Expect(bad).ToHaveAttributeAsync("data-outcome", "failed");
        await Expect(bad.GetByTestId("run-stages")).ToHaveTextAsync("3 of 4 (no validation)");
        await Expect(bad.GetByRole(AriaRole.Link)).ToHaveAttributeAsync("href", TraceViewer.Replace("{traceId}", trace, StringComparison.Ordinal));
        await Expect(rows.Filter(new() { HasText = "run-ok" }).GetByTestId("run-stages")).ToHaveTextAsync("4 of 4");
        await Expect(page.GetByTestId("next-run")).ToHaveTextAsync("Next expected run: no schedule");

        var fleet = await OpenAsync(browser, Monitor, "/fleet");
        await Expect(fleet.GetByTestId("fleet-row").Filter(new() { HasText = "console-runs" }).GetByTestId("fleet-last-run")).ToHaveTextAsync("run-bad: failed");
    }

    [Fact]
    public async Task Title_CountsFiringCriticalAlerts_AndChangesWhenOneFires()
    {
        var page = await OpenAsync(browser, Monitor);
        var before = Monitor.Get<IAlertFeed>().OpenAlerts.Count(a => a is { Status: AlertStatus.Firing, Severity: AlertSeverity.Critical });
        await Expect(page).ToHaveTitleAsync(before == 0 ? "PipelineMonitor" : $"({before}) PipelineMonitor");

        using (var spans = new PipelineSpans("console-title", Monitor.OtlpGrpcUri, OtlpExportProtocol.Grpc))
        {
            spans.Span("module_generation", TimeSpan.FromSeconds(200));
            spans.Flush();
        }

        await Expect(page).ToHaveTitleAsync($"({before + 1}) PipelineMonitor");
    }

    [Fact]
    public async Task HostileTraceIdAndText_NeverBecomeALiveLink()
    {
        var alert = await Alerting.SlowModuleAsync(Monitor, "<img src=x onerror=alert(1)>");
        var page = await OpenAsync(browser, Monitor);
        // What a hostile store or proxy could answer: a trace id that is a script address.
        await page.RouteAsync($"**/api/alerts/{alert.Id}", async route =>
        {
            var response = await route.FetchAsync();
            var body = JsonNode.Parse(await response.TextAsync())!;
            body["evidence"] = new JsonArray(new JsonObject { ["traceId"] = "javascript:alert(1)", ["spanId"] = "x" });
            await route.FulfillAsync(new() { Response = response, Body = body.ToJsonString() });
        });
        await page.GotoAsync(new Uri(Monitor.WebUri, $"/alerts/{alert.Id}").ToString());

        await Expect(page.GetByTestId("trace-id")).ToHaveTextAsync("javascript:alert(1)");
        await Expect(page.GetByTestId("trace-link")).ToHaveCountAsync(0);
        Assert.Equal(0, await page.Locator("a[href^='javascript:' i]").CountAsync());
        await Expect(page.GetByTestId("detail-labels")).ToContainTextAsync("<img src=x onerror=alert(1)>");
        await Expect(page.Locator("img")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task KeyboardAlone_MovesOpensAndAcknowledges()
    {
        await Alerting.SlowModuleAsync(Monitor, "console-keys");
        var page = await OpenAsync(browser, Monitor, "/?q=console-keys", admin: true);
        await Expect(page.GetByTestId("alert")).ToHaveCountAsync(1);
        await page.Locator("body").ClickAsync(new() { Position = new() { X = 1, Y = 1 } });

        await page.Keyboard.PressAsync("?");
        await Expect(page.GetByTestId("shortcuts")).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.GetByTestId("shortcuts")).ToHaveCountAsync(0);
        await page.Keyboard.PressAsync("j");
        await Expect(page.GetByTestId("alert").First).ToHaveAttributeAsync("aria-current", "true");
        await page.Keyboard.PressAsync("a");
        await Expect(page.GetByTestId("acknowledge-comment")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("by keyboard");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByTestId("alert-status").First).ToHaveTextAsync("acknowledged");
        // The hub's update can come before the answer that closes the dialog; keys go to the list once it is closed.
        await Expect(page.GetByTestId("acknowledge-dialog")).ToHaveCountAsync(0);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByTestId("alert-detail")).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("/");
        await Expect(page.GetByTestId("filter-search")).ToBeFocusedAsync();
    }

    [Fact]
    public async Task RestFailure_DashboardShowsError_ThenRecoveringThenDisplaying()
    {
        var page = await OpenAsync(browser, Monitor);
        await Expect(page.GetByTestId("dashboard")).ToHaveAttributeAsync("data-state", new Regex("displaying|updating"));
        // The monitor's REST side fails (a proxy in between answering 502) while the hub stays up.
        await page.RouteAsync("**/api/**", route => route.FulfillAsync(new() { Status = 502, Body = "bad gateway" }));
        await page.GetByTestId("filter-status").SelectOptionAsync("resolved");

        await Expect(page.GetByTestId("dashboard")).ToHaveAttributeAsync("data-state", "error");
        await Expect(page.GetByTestId("past-error")).ToContainTextAsync("Past alerts are not available");

        // Recovering can last less than one of Playwright's polls: every state the dashboard takes is recorded.
        await page.EvaluateAsync("""
            () => {
              const dashboard = document.querySelector('[data-testid=dashboard]');
              window.__states = [];
              new MutationObserver(() => window.__states.push(dashboard.dataset.state))
                .observe(dashboard, { attributes: true, attributeFilter: ['data-state'] });
            }
            """);
        await page.UnrouteAllAsync();
        await Expect(page.GetByTestId("dashboard")).ToHaveAttributeAsync("data-state", new Regex("displaying|updating"), new() { Timeout = 10_000 });
        var states = await page.EvaluateAsync<string[]>("() => window.__states");
        Assert.Equal("recovering", states.SkipWhile(state => state == "error").First());
    }

    [Fact]
    public async Task DesktopNotifications_AskedOnAClickNeverOnLoad_ThenANewCriticalAlertNotifies()
    {
        var context = await browser.NewContextAsync();
        await context.GrantPermissionsAsync(["notifications"]);
        // The page's Notification, recorded: asked for permission when, and what was shown.
        await context.AddInitScriptAsync("""
            window.__asked = 0; window.__shown = [];
            class RecordingNotification { constructor(title, options) { window.__shown.push(title + ' | ' + options.body); } }
            RecordingNotification.permission = 'default';
            RecordingNotification.requestPermission = async () => { window.__asked++; RecordingNotification.permission = 'granted'; return 'granted'; };
            window.Notification = RecordingNotification;
            """);
        var page = await context.NewPageAsync();
        await page.GotoAsync(Monitor.WebUri.ToString());
        await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Connected");
        Assert.Equal(0, await page.EvaluateAsync<int>("window.__asked"));

        await page.GetByTestId("attention-desktop").CheckAsync();
        await Expect(page.GetByTestId("attention-desktop")).ToBeCheckedAsync();
        Assert.Equal(1, await page.EvaluateAsync<int>("window.__asked"));
        using (var spans = new PipelineSpans("console-notify", Monitor.OtlpGrpcUri, OtlpExportProtocol.Grpc))
        {
            spans.Span("module_generation", TimeSpan.FromSeconds(200));
            spans.Flush();
        }

        await Poll.UntilAsync(() => page.EvaluateAsync<string[]>("window.__shown"),
            shown => shown.Any(s => s.StartsWith("Critical: slow_module on console-notify", StringComparison.Ordinal)), "a desktop notification");
        await page.ReloadAsync();
        await Expect(page.GetByTestId("attention-desktop")).ToBeCheckedAsync();
        Assert.Equal(0, await page.EvaluateAsync<int>("window.__asked"));
    }

    [Fact]
    public async Task Sound_OffUntilChosen_ThenANewCriticalAlertBeeps_AndTheChoiceIsRemembered()
    {
        var context = await browser.NewContextAsync();
        // The page's Web Audio, recorded: each tone started, by frequency (the real AudioContext still plays it).
        await context.AddInitScriptAsync("""
            window.__tones = [];
            const RealAudioContext = window.AudioContext;
            window.AudioContext = class extends RealAudioContext {
              createOscillator() {
                const tone = super.createOscillator();
                const start = tone.start.bind(tone);
                tone.start = (...args) => { window.__tones.push(tone.frequency.value); return start(...args); };
                return tone;
              }
            };
            """);
        var page = await context.NewPageAsync();
        await page.GotoAsync(Monitor.WebUri.ToString());
        await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Connected");
        await Expect(page.GetByTestId("attention-sound")).Not.ToBeCheckedAsync();
        FireCritical("console-quiet");
        await Expect(AlertOf(page, "console-quiet")).ToHaveCountAsync(1);
        Assert.Empty(await page.EvaluateAsync<double[]>("window.__tones"));

        await page.GetByTestId("attention-sound").CheckAsync();
        FireCritical("console-beep");

        await Poll.UntilAsync(() => page.EvaluateAsync<double[]>("window.__tones"), tones => tones.Contains(880), "a tone for the new critical alert");
        await page.ReloadAsync();
        await Expect(page.GetByTestId("attention-sound")).ToBeCheckedAsync();
        await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Connected");
        // The alerts open at load are not new: no tone for them.
        Assert.Empty(await page.EvaluateAsync<double[]>("window.__tones"));
    }

    /// <summary>A 200 s module: a critical slow_module alert for <paramref name="job"/>.</summary>
    private void FireCritical(string job)
    {
        using var spans = new PipelineSpans(job, Monitor.OtlpGrpcUri, OtlpExportProtocol.Grpc);
        spans.Span("module_generation", TimeSpan.FromSeconds(200));
        spans.Flush();
    }
}
