using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Monitor.AlertEngine.Model;
using Monitor.AlertEngine.OpenAlerts;
using Monitor.AlertEngine.Storage;
using Monitor.TestSupport;

namespace Monitor.IntegrationTests.AlertEngine.Notifications;

/// <summary>
/// A monitor wired to a real Alertmanager (which pages a webhook of its own) and to a webhook of
/// the monitor's own, as docs/alerts.md configures them; one per test class.
/// </summary>
public sealed class NotificationRig : IAsyncLifetime
{
    public const string Secret = "webhook-secret-of-the-tests";
    public const string Runbook = "https://runbooks.example.com/slow-module";

    internal WebhookReceiver Paged { get; } = new();

    internal WebhookReceiver Webhook { get; } = new();

    internal AlertmanagerServer Alertmanager { get; private set; } = null!;

    internal MonitorHost Monitor { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Alertmanager = await AlertmanagerServer.StartAsync(Paged.Url);
        Monitor = await MonitorHost.StartAsync(new Dictionary<string, string?>
        {
            ["Notifications:Alertmanagers:0:Url"] = Alertmanager.Url.ToString(),
            ["Notifications:Webhooks:0:Name"] = "ops",
            ["Notifications:Webhooks:0:Url"] = Webhook.Url.ToString(),
            ["Notifications:Webhooks:0:Secret"] = Secret,
            ["Notifications:PublicUrl"] = "https://monitor.example.com",
            ["Notifications:GrafanaUrl"] = "https://grafana.example.com",
            ["Notifications:RetryBaseDelay"] = "00:00:00.200",
            ["Notifications:RetryMaxDelay"] = "00:00:01",
            ["Notifications:DegradedAfter"] = "00:00:02",
            ["Monitoring:HealthCheckInterval"] = "00:00:01",
            ["Monitoring:AlertThresholds:SlowModule:RunbookUrl"] = Runbook,
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (Monitor is not null)
        {
            await Monitor.DisposeAsync();
        }
        Alertmanager?.Dispose();
        Paged.Dispose();
        Webhook.Dispose();
    }

    /// <summary>Acknowledges through the REST API as the admin "Alice".</summary>
    internal async Task<JsonElement> AcknowledgeAsync(string id, string comment, TimeSpan? duration = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/alerts/{id}/acknowledge")
        {
            Content = JsonContent.Create(new { comment, duration = duration?.ToString("c") }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", MonitorHost.AdminToken);
        using var response = await Monitor.Web.SendAsync(request, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }

    /// <summary>Resolves as the evaluation loop does when a rule clears (a close intent through the write queue).</summary>
    internal async Task<PerformanceAlert> ResolveAsync(PerformanceAlert alert)
    {
        Monitor.Get<BreachThrottle>().Apply([], [alert.Fingerprint]);
        return (await Poll.UntilAsync(() => Monitor.Get<IAlertStore>().GetAsync(alert.Id, TestContext.Current.CancellationToken),
            a => a?.Status == AlertStatus.Resolved, $"alert {alert.Id} resolved in the store"))!;
    }

    /// <summary>The Alertmanager alert of a job, once it is there (and matches).</summary>
    internal async Task<JsonElement> AlertmanagerAlertAsync(string job, Func<JsonElement, bool>? matches = null) =>
        (await Poll.UntilAsync(async () => (await Alertmanager.AlertsAsync()).FirstOrDefault(a =>
                a.GetProperty("labels").TryGetProperty("job", out var j) && j.GetString() == job && (matches?.Invoke(a) ?? true)),
            a => a.ValueKind == JsonValueKind.Object, $"Alertmanager to hold the alert of {job}")).Clone();

    /// <summary>Webhook calls Alertmanager made for a job (its own receiver), in order.</summary>
    internal IReadOnlyList<JsonElement> PagesOf(string job) =>
        [.. Paged.Received.Select(r => JsonDocument.Parse(r.Body).RootElement)
            .Where(p => p.GetProperty("commonLabels").TryGetProperty("job", out var j) && j.GetString() == job)];
}
