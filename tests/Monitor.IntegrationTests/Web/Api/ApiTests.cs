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

/// <summary>The REST API over real HTTP: reads, acknowledge with its answers and rights, validation, OpenAPI.</summary>
public sealed class ApiTests(HostTests.Host host) : IClassFixture<HostTests.Host>
{
    private MonitorHost Monitor => host.Monitor;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static HttpRequestMessage Acknowledge(string id, string? token, object? body = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/alerts/{id}/acknowledge") { Content = JsonContent.Create(body ?? new { comment = "on it" }) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return request;
    }

    [Theory]
    [InlineData("/api/metrics")]
    [InlineData("/api/status")]
    [InlineData("/api/health")]
    [InlineData("/api/alerts")]
    [InlineData("/api/alerts/open")]
    [InlineData("/api/metrics/history?window=00:05:00")]
    [InlineData("/api/config")]
    public async Task Get_ReadEndpoints_200WithJson(string path)
    {
        using var response = await Monitor.Web.GetAsync(path, Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task GetConfig_CamelCaseMonitoringConfig()
    {
        var config = await Monitor.Web.GetFromJsonAsync<JsonElement>("/api/config", Cancel);

        Assert.True(config.GetProperty("enableAlerts").GetBoolean());
        Assert.Equal(0.05, config.GetProperty("alertThresholds").GetProperty("errorRate").GetProperty("warning").GetDouble());
        Assert.Equal("00:00:30", config.GetProperty("healthCheckInterval").GetString());
    }

    [Fact]
    public async Task Acknowledge_AnonymousViewerAdmin_401_403_200ThenIdempotent()
    {
        var alert = await Alerting.SlowModuleAsync(Monitor, "api-ack");

        using var anonymous = await Monitor.Web.SendAsync(Acknowledge(alert.Id, null), Cancel);
        using var viewer = await Monitor.Web.SendAsync(Acknowledge(alert.Id, MonitorHost.ViewerToken), Cancel);
        using var admin = await Monitor.Web.SendAsync(Acknowledge(alert.Id, MonitorHost.AdminToken), Cancel);
        using var again = await Monitor.Web.SendAsync(Acknowledge(alert.Id, MonitorHost.AdminToken), Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, viewer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        var first = await admin.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.Equal("Acknowledged", first.GetProperty("result").GetString());
        Assert.Equal("acknowledged", first.GetProperty("alert").GetProperty("status").GetString());
        Assert.Equal("on it", first.GetProperty("alert").GetProperty("acknowledgeComment").GetString());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("AlreadyAcknowledged", (await again.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("result").GetString());
        // Answered once stored: the history has it at once.
        var history = (await Monitor.Web.GetFromJsonAsync<JsonElement>($"/api/alerts/{alert.Id}/history", Cancel)).EnumerateArray()
            .Select(t => t.GetProperty("action").GetString()).ToList();
        Assert.Equal(["fired", "acknowledged"], history);
    }

    [Fact]
    public async Task Acknowledge_UnknownId_404ProblemDetails()
    {
        using var response = await Monitor.Web.SendAsync(Acknowledge("nope", MonitorHost.AdminToken), Cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("No alert has the id nope", await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Acknowledge_ResolvedAlert_409WithTheAlert()
    {
        var alert = await Alerting.SlowModuleAsync(Monitor, "api-closed");
        await Poll.UntilAsync(() => Monitor.Get<IAlertStore>().GetAsync(alert.Id, Cancel), a => a is not null, "stored");
        var throttle = Monitor.Get<BreachThrottle>();
        throttle.Apply([], [alert.Fingerprint]);
        await Poll.UntilAsync(() => Monitor.Get<IAlertStore>().GetAsync(alert.Id, Cancel), a => a?.Status == AlertStatus.Resolved, "resolved in the store");

        using var response = await Monitor.Web.SendAsync(Acknowledge(alert.Id, MonitorHost.AdminToken), Cancel);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.Equal("resolved", problem.GetProperty("alert").GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("{\"duration\":\"00:00:10\"}", "duration")]
    [InlineData("{\"comment\":\"" + "x" + "\",\"duration\":\"30.00:00:00\"}", "duration")]
    public async Task Acknowledge_BadBody_400ValidationProblemNamingTheField(string body, string field)
    {
        var alert = await Alerting.SlowModuleAsync(Monitor, "api-validate-" + field + body.Length);
        using var request = Acknowledge(alert.Id, MonitorHost.AdminToken);
        request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        using var response = await Monitor.Web.SendAsync(request, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task GetAlerts_UnknownStatus_400()
    {
        using var response = await Monitor.Web.GetAsync("/api/alerts?status=sleeping", Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("status", await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAlerts_TheConsolesOwnWords_AllAndOpen_Answered()
    {
        // The console's addresses carry ?status=all and ?status=open; the API refused the first with 400.
        var alert = await Alerting.SlowModuleAsync(Monitor, "api-vocabulary");
        using (var acknowledge = Acknowledge(alert.Id, MonitorHost.AdminToken))
        {
            (await Monitor.Web.SendAsync(acknowledge, Cancel)).EnsureSuccessStatusCode();
        }

        var all = await Monitor.Web.GetFromJsonAsync<JsonElement>("/api/alerts?status=all&severity=all&job=api-vocabulary", Cancel);
        var open = await Monitor.Web.GetFromJsonAsync<JsonElement>("/api/alerts?status=open&job=api-vocabulary", Cancel);
        var firing = await Monitor.Web.GetFromJsonAsync<JsonElement>("/api/alerts?status=firing&job=api-vocabulary", Cancel);

        Assert.Equal(1, all.GetProperty("total").GetInt32());
        Assert.Equal(1, open.GetProperty("total").GetInt32());
        Assert.Equal(0, firing.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task GetAlertHistory_UnknownId_404()
    {
        using var response = await Monitor.Web.GetAsync("/api/alerts/missing/history", Cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task OpenApi_DocumentListsTheApi()
    {
        var document = await Monitor.Web.GetStringAsync("/openapi/v1.json", Cancel);

        Assert.Contains("/api/alerts/{id}/acknowledge", document, StringComparison.Ordinal);
        Assert.Contains("/api/metrics/history", document, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyResponse_CarriesTheContentSecurityPolicy()
    {
        using var response = await Monitor.Web.GetAsync("/api/health", Cancel);

        var csp = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", string.Join(' ', response.Headers.GetValues("X-Content-Type-Options")));
    }
}
