using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Monitor.AlertEngine.Model;
using Monitor.AlertEngine.OpenAlerts;
using Monitor.AlertEngine.Storage;
using Monitor.IntegrationTests.Web.Hosting;
using Monitor.TestSupport;

namespace Monitor.IntegrationTests.Web.Api;

/// <summary>Bulk acknowledgement and un-acknowledgement over REST: what each answers, what the store and the history keep.</summary>
public sealed class AlertCommandsApiTests(HostTests.Host host) : IClassFixture<HostTests.Host>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private MonitorHost Monitor => host.Monitor;

    private Task<HttpResponseMessage> PostAsync(string path, object body, string token = MonitorHost.AdminToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return Monitor.Web.SendAsync(request, Cancel);
    }

    [Fact]
    public async Task BulkAcknowledge_AResultPerAlert_InTheOrderAsked()
    {
        var first = await Alerting.SlowModuleAsync(Monitor, "bulk-api-1");
        var second = await Alerting.SlowModuleAsync(Monitor, "bulk-api-2");
        using (await PostAsync($"/api/alerts/{second.Id}/acknowledge", new { comment = "earlier" }))
        {
        }

        using var response = await PostAsync("/api/alerts/acknowledge", new { ids = new[] { first.Id, second.Id, "no-such-alert" }, comment = "one cause", duration = "01:00:00" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var results = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("results");
        Assert.Equal([(first.Id, "Acknowledged"), (second.Id, "AlreadyAcknowledged"), ("no-such-alert", "NotFound")],
            results.EnumerateArray().Select(r => (r.GetProperty("id").GetString(), r.GetProperty("result").GetString())).ToArray());
        var stored = await Monitor.Get<IAlertStore>().GetAsync(first.Id, Cancel);
        Assert.Equal((AlertStatus.Acknowledged, "one cause", true), (stored!.Status, stored.AcknowledgeComment, stored.AcknowledgedUntil is not null));
        Assert.Equal("earlier", (await Monitor.Get<IAlertStore>().GetAsync(second.Id, Cancel))!.AcknowledgeComment);
    }

    [Theory]
    [InlineData("{\"ids\":[]}", "ids")]
    [InlineData("{\"ids\":[\"a\",\"a\"]}", "ids")]
    [InlineData("{\"ids\":[\"\"]}", "ids")]
    [InlineData("{\"ids\":[\"a\"],\"duration\":\"00:00:05\"}", "duration")]
    [InlineData("{\"comment\":\"no ids\"}", "ids")]
    public async Task BulkAcknowledge_BadBody_400NamingTheField(string body, string field)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/alerts/acknowledge") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", MonitorHost.AdminToken);

        using var response = await Monitor.Web.SendAsync(request, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task BulkAcknowledge_TooManyIds_400()
    {
        using var response = await PostAsync("/api/alerts/acknowledge", new { ids = Enumerable.Range(0, 501).Select(i => $"id-{i}").ToArray() });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task BulkAcknowledge_Viewer_403AndNothingStored()
    {
        var alert = await Alerting.SlowModuleAsync(Monitor, "bulk-api-viewer");

        using var response = await PostAsync("/api/alerts/acknowledge", new { ids = new[] { alert.Id } }, MonitorHost.ViewerToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(AlertStatus.Firing, (await Monitor.Get<IAlertStore>().GetAsync(alert.Id, Cancel))!.Status);
    }

    [Fact]
    public async Task Unacknowledge_AcknowledgedAlert_FiresAgainWithTheWithdrawalInItsHistory()
    {
        var alert = await Alerting.SlowModuleAsync(Monitor, "unack-api");
        using (await PostAsync($"/api/alerts/{alert.Id}/acknowledge", new { comment = "mine" }))
        {
        }

        using var response = await PostAsync($"/api/alerts/{alert.Id}/unacknowledge", new { comment = "wrong alert" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.Equal("Unacknowledged", answer.GetProperty("result").GetString());
        Assert.Equal("firing", answer.GetProperty("alert").GetProperty("status").GetString());
        var history = await Monitor.Get<IAlertStore>().GetHistoryAsync(alert.Id, Cancel);
        Assert.Equal((AlertAction.Unacknowledged, "admin", "wrong alert"), (history[^1].Action, history[^1].Actor, history[^1].Comment));
        await Poll.UntilAsync(() => Task.FromResult(Monitor.Get<IAlertFeed>().OpenAlerts.Single(a => a.Id == alert.Id)), a => a.Status == AlertStatus.Firing,
            "the feed has it firing again");
    }

    [Fact]
    public async Task Unacknowledge_FiringAlert_200NotAcknowledgedAndNothingWritten()
    {
        var alert = await Alerting.SlowModuleAsync(Monitor, "unack-api-firing");
        var before = (await Monitor.Get<IAlertStore>().GetAsync(alert.Id, Cancel))!.Version;

        using var response = await PostAsync($"/api/alerts/{alert.Id}/unacknowledge", new { });

        Assert.Equal("NotAcknowledged", (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("result").GetString());
        Assert.Equal(before, (await Monitor.Get<IAlertStore>().GetAsync(alert.Id, Cancel))!.Version);
    }

    [Fact]
    public async Task Unacknowledge_UnknownOrClosedOrByAViewer_404Or409Or403()
    {
        var alert = await Alerting.SlowModuleAsync(Monitor, "unack-api-closed");
        await Poll.UntilAsync(() => Monitor.Get<IAlertStore>().GetAsync(alert.Id, Cancel), a => a is not null, "stored");
        Monitor.Get<BreachThrottle>().Apply([], [alert.Fingerprint]);
        await Poll.UntilAsync(() => Monitor.Get<IAlertStore>().GetAsync(alert.Id, Cancel), a => a?.Status == AlertStatus.Resolved, "resolved");

        using var unknown = await PostAsync("/api/alerts/nope/unacknowledge", new { });
        using var closed = await PostAsync($"/api/alerts/{alert.Id}/unacknowledge", new { });
        using var viewer = await PostAsync($"/api/alerts/{alert.Id}/unacknowledge", new { }, MonitorHost.ViewerToken);

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.Conflict, HttpStatusCode.Forbidden), (unknown.StatusCode, closed.StatusCode, viewer.StatusCode));
    }

    [Fact]
    public async Task UiSettings_TheLinksOutAndTheReconnectionPolicy()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/ui");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", MonitorHost.ViewerToken);
        using var response = await Monitor.Web.SendAsync(request, Cancel);

        var settings = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.Equal(30, settings.GetProperty("reconnectAttempts").GetInt32());
        Assert.Equal(JsonValueKind.Null, settings.GetProperty("traceUrlTemplate").ValueKind);
    }

    [Theory]
    [InlineData("/alerts/some-id")]
    [InlineData("/fleet")]
    public async Task ConsoleRoutes_AnswerTheConsole_SoALinkOrAReloadOpensTheView(string path)
    {
        using var response = await Monitor.Web.GetAsync(path, Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<div id=\"root\">", await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownApiPath_StillA404_NotTheConsole()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/alerts/x/nothing-here");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", MonitorHost.ViewerToken);
        using var response = await Monitor.Web.SendAsync(request, Cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
