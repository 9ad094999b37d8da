using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Monitor.AlertEngine.Model;
using Monitor.AlertEngine.OpenAlerts;
using Monitor.AlertEngine.Storage;
using Monitor.TestSupport;

namespace Monitor.IntegrationTests.Web.Api;

/// <summary>
/// The OpenAPI document tells the truth: every operation it lists is driven through its failure
/// modes (no credentials, the wrong role, a cookie write without the header, unknown and closed
/// alerts, bad queries and bodies, a store that cannot answer, too many requests) and each
/// answer's status must be one the document lists for that operation.
/// </summary>
public sealed class ApiContractTests : IAsyncLifetime
{
    private readonly List<(string Operation, HttpStatusCode Status, string Probe)> _answers = [];
    private MonitorHost _monitor = null!;
    private MonitorHost _storeless = null!;
    private MonitorHost _limited = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _monitor = await MonitorHost.StartAsync(new Dictionary<string, string?> { ["Auth:AnonymousRead"] = "false" });
        var missing = Path.Combine(Path.GetTempPath(), "monitor-missing-" + Guid.NewGuid().ToString("N"), "gone.db");
        _storeless = await MonitorHost.StartAsync(new Dictionary<string, string?> { ["Storage:ConnectionString"] = $"Data Source=file:{missing}?mode=ro" });
        _limited = await MonitorHost.StartAsync(new Dictionary<string, string?> { ["RateLimit:ApiPerSecond"] = "1" });
    }

    public async ValueTask DisposeAsync()
    {
        await _monitor.DisposeAsync();
        await _storeless.DisposeAsync();
        await _limited.DisposeAsync();
    }

    [Fact]
    public async Task EveryOperation_EveryFailureMode_AnswersOnlyStatusesTheDocumentLists()
    {
        var documented = await DocumentedAsync();
        var firing = await Alerting.SlowModuleAsync(_monitor, "contract-firing");
        var closed = await Alerting.SlowModuleAsync(_monitor, "contract-closed");
        _monitor.Get<BreachThrottle>().Apply([], [closed.Fingerprint]);
        await Poll.UntilAsync(() => _monitor.Get<IAlertStore>().GetAsync(closed.Id, Cancel), a => a?.Status == AlertStatus.Resolved, "resolved");

        foreach (var (operation, _) in documented)
        {
            var (method, template) = Split(operation);
            foreach (var id in new[] { "no-such-alert", firing.Id, closed.Id })
            {
                var path = template.Replace("{id}", id, StringComparison.Ordinal);
                await ProbeAsync(_monitor, operation, method, path, token: null, "anonymous");
                await ProbeAsync(_monitor, operation, method, path, MonitorHost.ViewerToken, "viewer");
                await ProbeAsync(_monitor, operation, method, path, MonitorHost.AdminToken, "admin", body: "{\"comment\":\"contract\"}");
                await ProbeAsync(_monitor, operation, method, path + "?page=0&pageSize=100000&status=nope&window=-1", MonitorHost.AdminToken, "bad query");
                await ProbeAsync(_storeless, operation, method, path, token: null, "store away", body: "{\"comment\":\"x\"}");
                if (method != HttpMethod.Get)
                {
                    await ProbeAsync(_monitor, operation, method, path, MonitorHost.AdminToken, "bad body", body: "{not json");
                    await ProbeAsync(_monitor, operation, method, path, token: null, "cookie without the header", cookie: true);
                }
            }
            for (var i = 0; i < 8; i++)
            {
                await ProbeAsync(_limited, operation, method, template.Replace("{id}", "x", StringComparison.Ordinal), token: null, "burst", body: "{\"token\":\"wrong-token-0123456789abcdef\"}");
            }
        }

        var undocumented = _answers.Where(a => !documented[a.Operation].Contains((int)a.Status)).Select(a => $"{a.Operation} answered {(int)a.Status} to {a.Probe}").Distinct().ToList();
        Assert.True(undocumented.Count == 0, "answers the OpenAPI document does not list:\n" + string.Join('\n', undocumented));
        Assert.Contains(_answers, a => a.Status == HttpStatusCode.TooManyRequests);
        Assert.Contains(_answers, a => a.Status == HttpStatusCode.Conflict);
        Assert.Contains(_answers, a => a.Status == HttpStatusCode.ServiceUnavailable);
        Assert.Contains(_answers, a => a.Status == HttpStatusCode.NotFound);
        Assert.Contains(_answers, a => a.Status == HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Document_DescribesBearerAndCookieAuthentication()
    {
        using var document = JsonDocument.Parse(await _monitor.Web.GetStringAsync("/openapi/v1.json", Cancel));

        var schemes = document.RootElement.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("bearer", schemes.GetProperty("bearer").GetProperty("scheme").GetString());
        Assert.Equal("__Host-monitor", schemes.GetProperty("cookie").GetProperty("name").GetString());
        var acknowledge = document.RootElement.GetProperty("paths").GetProperty("/api/alerts/{id}/acknowledge").GetProperty("post");
        Assert.True(acknowledge.GetProperty("security").GetArrayLength() > 0);
    }

    private async Task ProbeAsync(MonitorHost host, string operation, HttpMethod method, string path, string? token, string probe, string? body = null, bool cookie = false)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        if (cookie)
        {
            // Any session cookie will do: the header check comes before the session is read.
            request.Headers.Add("Cookie", "__Host-monitor=whatever");
        }
        if (method != HttpMethod.Get)
        {
            request.Content = new StringContent(body ?? "{}", Encoding.UTF8, "application/json");
        }
        using var response = await host.Web.SendAsync(request, Cancel);
        _answers.Add((operation, response.StatusCode, $"{probe} ({path})"));
    }

    private async Task<Dictionary<string, HashSet<int>>> DocumentedAsync()
    {
        using var document = JsonDocument.Parse(await _monitor.Web.GetStringAsync("/openapi/v1.json", Cancel));
        var operations = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var method in path.Value.EnumerateObject())
            {
                operations[$"{method.Name.ToUpperInvariant()} {path.Name}"] =
                    [.. method.Value.GetProperty("responses").EnumerateObject().Select(r => int.Parse(r.Name, System.Globalization.CultureInfo.InvariantCulture))];
            }
        }
        Assert.True(operations.Count >= 12, $"only {operations.Count} operations documented");
        return operations;
    }

    private static (HttpMethod Method, string Template) Split(string operation)
    {
        var space = operation.IndexOf(' ', StringComparison.Ordinal);
        return (new HttpMethod(operation[..space]), operation[(space + 1)..]);
    }
}
