using System.Net.Http.Json;
using System.Text.Json;
using Monitor.TestSupport;
using OpenTelemetry.Exporter;

namespace Monitor.IntegrationTests.AlertEngine.Notifications;

/// <summary>Nothing is lost when the receiver or the monitor goes away: the outbox in the store holds every delivery until it is made.</summary>
public sealed class NotificationOutageTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AlertmanagerDownFor30Seconds_AlertsFiredMeanwhileArriveAfterItReturns_HealthDegradedMeanwhile()
    {
        using var paged = new WebhookReceiver();
        using var alertmanager = await AlertmanagerServer.StartAsync(paged.Url);
        await using var monitor = await MonitorHost.StartAsync(new Dictionary<string, string?>
        {
            ["Notifications:Alertmanagers:0:Url"] = alertmanager.Url.ToString(),
            ["Notifications:RetryBaseDelay"] = "00:00:00.200",
            ["Notifications:RetryMaxDelay"] = "00:00:02",
            ["Notifications:MaxAttempts"] = "100",
            ["Notifications:DegradedAfter"] = "00:00:02",
            ["Monitoring:HealthCheckInterval"] = "00:00:01",
        });

        alertmanager.Kill();
        var down = DateTime.UtcNow;
        var jobs = new[] { "outage-1", "outage-2", "outage-3" };
        foreach (var job in jobs)
        {
            await Alerting.SlowModuleAsync(monitor, job);
        }
        var health = await Poll.UntilAsync(() => monitor.Web.GetFromJsonAsync<JsonElement>("/api/health", Cancel),
            h => h.GetProperty("status").GetString() == "degraded", "health to turn degraded while Alertmanager is away");
        Assert.Contains(health.GetProperty("issues").EnumerateArray(), i => i.GetString()!.Contains("notifications to alertmanager-1 failing since", StringComparison.Ordinal));
        var away = DateTime.UtcNow - down;
        if (away < TimeSpan.FromSeconds(30))
        {
            // The outage the scenario asks for: half a minute of refused connections.
            await Task.Delay(TimeSpan.FromSeconds(30) - away, Cancel);
        }

        await alertmanager.RestartAsync();

        await Poll.UntilAsync(() => alertmanager.AlertsAsync(),
            alerts => jobs.All(j => alerts.Any(a => a.GetProperty("labels").GetProperty("job").GetString() == j)),
            "every alert fired during the outage to reach Alertmanager", TimeSpan.FromSeconds(30));
        await Poll.UntilAsync(() => monitor.Web.GetFromJsonAsync<JsonElement>("/api/health", Cancel),
            h => !h.GetProperty("issues").EnumerateArray().Any(i => i.GetString()!.Contains("notifications", StringComparison.Ordinal)),
            "the notifications issue to clear");
    }

    [Fact]
    public async Task MonitorKilledBetweenATransitionAndItsDelivery_DeliveredAfterTheRestart()
    {
        using var paged = new WebhookReceiver();
        var alertmanagerPort = FreePorts.Take(1)[0];
        var store = Directory.CreateTempSubdirectory("notification-kill-");
        try
        {
            var settings = new Dictionary<string, string>
            {
                ["Storage:ConnectionString"] = $"Data Source={Path.Combine(store.FullName, "monitor.db")}",
                // Nothing listens there yet: the delivery stays in the outbox.
                ["Notifications:Alertmanagers:0:Url"] = $"http://127.0.0.1:{alertmanagerPort}/",
                ["Notifications:RetryBaseDelay"] = "00:00:00.200",
                ["Notifications:RetryMaxDelay"] = "00:00:01",
                ["Notifications:MaxAttempts"] = "100",
            };
            string id;
            using (var first = await MonitorProcess.StartAsync(settings))
            {
                using (var spans = new PipelineSpans("killed-before-delivery", first.OtlpGrpcUri, OtlpExportProtocol.Grpc))
                {
                    spans.Span("module_generation", TimeSpan.FromSeconds(100), false, ("pipeline.module.id", "m-1"));
                    spans.Flush();
                }
                first.Web.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", MonitorHost.AdminToken);
                var alert = await Poll.UntilAsync(async () => (await first.Web.GetFromJsonAsync<JsonElement>("/api/alerts?job=killed-before-delivery", Cancel))
                    .GetProperty("items").EnumerateArray().Select(a => a.Clone()).FirstOrDefault(), a => a.ValueKind == JsonValueKind.Object, "the alert");
                id = alert.GetProperty("id").GetString()!;
                await Poll.UntilAsync(() => first.Web.GetFromJsonAsync<JsonElement>($"/api/alerts/{id}/notifications", Cancel),
                    n => n.EnumerateArray().Any(d => d.GetProperty("state").GetString() == "pending" && d.GetProperty("attempts").GetInt32() > 0),
                    "the delivery to be pending after a failed attempt");
                first.KillHard();
            }

            using var alertmanager = await AlertmanagerServer.StartAsync(paged.Url, alertmanagerPort);
            using var second = await MonitorProcess.StartAsync(settings);

            await Poll.UntilAsync(() => alertmanager.AlertsAsync(),
                alerts => alerts.Any(a => a.GetProperty("labels").GetProperty("job").GetString() == "killed-before-delivery"),
                "the alert stored before the kill to reach Alertmanager after the restart", TimeSpan.FromSeconds(30));
            second.Web.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", MonitorHost.AdminToken);
            // A kill that falls during an attempt leaves that attempt's lease (2 min) on the
            // delivery: the restarted process sends it once the lease lapses, as for a replica lost.
            var notifications = await Poll.UntilAsync(() => second.Web.GetFromJsonAsync<JsonElement>($"/api/alerts/{id}/notifications", Cancel),
                n => n.EnumerateArray().Any(d => d.GetProperty("state").GetString() == "sent"), "the delivery recorded as sent", TimeSpan.FromMinutes(2.5));
            Assert.Single(notifications.EnumerateArray(), d => d.GetProperty("kind").GetString() == "alerts");
            // Its own process, so its own meters (in-process hosts share metric streams).
            var exposition = await second.Web.GetStringAsync("/metrics", Cancel);
            Assert.Matches("""(?m)^monitor_notifications_total\{[^}]*receiver="alertmanager-1",result="sent"[^}]*\} [1-9]""", exposition);
            Assert.Matches("""(?m)^monitor_notification_delivery_latency_seconds_bucket\{[^}]*receiver="alertmanager-1""", exposition);
            Assert.Matches("""(?m)^monitor_notification_outbox_depth(\{[^}]*\})? 0""", exposition);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            store.Delete(recursive: true);
        }
    }
}
