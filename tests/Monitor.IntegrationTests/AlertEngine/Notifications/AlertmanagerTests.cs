using System.Net.Http.Json;
using System.Text.Json;
using Monitor.AlertEngine.Storage;
using Monitor.TestSupport;

namespace Monitor.IntegrationTests.AlertEngine.Notifications;

/// <summary>
/// Alerts reach the on-call through a real Alertmanager: posted with their labels and annotations,
/// paged at once (group_wait 0), silenced by an acknowledgement until it ends, paged again next time.
/// </summary>
public sealed class AlertmanagerTests(NotificationRig rig) : IClassFixture<NotificationRig>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Breach_IsInAlertmanagerWithItsLabelsAndAnnotations_AndPagesItsReceiver()
    {
        var alert = await Alerting.SlowModuleAsync(rig.Monitor, "am-breach");

        var held = await rig.AlertmanagerAlertAsync("am-breach");
        var labels = held.GetProperty("labels");
        Assert.Equal("slow_module", labels.GetProperty("alertname").GetString());
        Assert.Equal("warning", labels.GetProperty("severity").GetString());
        Assert.Equal("module_generation", labels.GetProperty("stage").GetString());
        Assert.Equal("pipeline-monitor", labels.GetProperty("monitor").GetString());
        var annotations = held.GetProperty("annotations");
        Assert.Equal(alert.Message, annotations.GetProperty("summary").GetString());
        Assert.Contains("slow_module on am-breach", annotations.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal(NotificationRig.Runbook, annotations.GetProperty("runbook_url").GetString());
        Assert.Equal("https://grafana.example.com/d/pipeline-overview?var-job=am-breach", annotations.GetProperty("dashboard").GetString());
        Assert.Equal($"https://monitor.example.com/alerts/{alert.Id}", held.GetProperty("generatorURL").GetString());
        Assert.Equal(alert.Timestamp, held.GetProperty("startsAt").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1));
        Assert.Equal("active", held.GetProperty("status").GetProperty("state").GetString());

        var page = await Poll.UntilAsync(() => Task.FromResult(rig.PagesOf("am-breach")), p => p.Count > 0, "Alertmanager to page its receiver");
        Assert.Equal("firing", page[0].GetProperty("status").GetString());
        var history = await NotificationsOfAsync(alert.Id, n => n.Any(x => x.GetProperty("state").GetString() == "sent"));
        Assert.Contains(history, n => n.GetProperty("receiver").GetString() == "alertmanager-1" && n.GetProperty("kind").GetString() == "alerts"
            && n.GetProperty("event").GetString() == "fired");
    }

    [Fact]
    public async Task Acknowledged_SilencedUntilResolved_ThenTheSameProblemPagesAgain()
    {
        var alert = await Alerting.SlowModuleAsync(rig.Monitor, "am-ack");
        await rig.AlertmanagerAlertAsync("am-ack");

        await rig.AcknowledgeAsync(alert.Id, "rolling back the model");

        var stored = await Poll.UntilAsync(() => rig.Monitor.Get<IAlertStore>().GetAsync(alert.Id, Cancel), a => a?.SilenceId is not null,
            "the silence id recorded on the alert");
        var silence = (await rig.Alertmanager.SilencesAsync()).Single(s => s.GetProperty("id").GetString() == stored!.SilenceId);
        Assert.Equal("active", silence.GetProperty("status").GetProperty("state").GetString());
        // Who acknowledged: a bearer-token admin is "admin" (a signed-in one, the name given).
        Assert.Equal("admin", silence.GetProperty("createdBy").GetString());
        Assert.Equal("rolling back the model", silence.GetProperty("comment").GetString());
        var held = await rig.AlertmanagerAlertAsync("am-ack", a => a.GetProperty("status").GetProperty("state").GetString() == "suppressed");
        Assert.Equal(Matchers(held.GetProperty("labels")), Matchers(silence));
        Assert.Contains(stored!.SilenceId, held.GetProperty("status").GetProperty("silencedBy").EnumerateArray().Select(s => s.GetString()));

        var pagesBefore = rig.PagesOf("am-ack").Count(p => p.GetProperty("status").GetString() == "firing");
        await rig.ResolveAsync(alert);

        await Poll.UntilAsync(async () => (await rig.Alertmanager.SilencesAsync()).Single(s => s.GetProperty("id").GetString() == stored.SilenceId),
            s => s.GetProperty("status").GetProperty("state").GetString() == "expired", "the silence to be expired");
        await Poll.UntilAsync(() => rig.Alertmanager.AlertsAsync(), alerts => !alerts.Any(a => a.GetProperty("labels").GetProperty("job").GetString() == "am-ack"),
            "Alertmanager to drop the resolved alert");
        await Poll.UntilAsync(() => rig.Monitor.Get<IAlertStore>().GetAsync(alert.Id, Cancel), a => a!.SilenceId is null,
            "the expired silence to be cleared from the alert");

        // Alertmanager reports the resolution: it was not muted by the acknowledgement's silence
        // (expired first), so it knows the problem is over and will page its next occurrence.
        await Poll.UntilAsync(() => Task.FromResult(rig.PagesOf("am-ack")), pages => pages.Any(p => p.GetProperty("status").GetString() == "resolved"),
            "Alertmanager to report the resolution");
        var again = await Alerting.SlowModuleAsync(rig.Monitor, "am-ack");
        Assert.NotEqual(alert.Id, again.Id);
        var refired = await rig.AlertmanagerAlertAsync("am-ack");
        Assert.Equal("active", refired.GetProperty("status").GetProperty("state").GetString());
        await Poll.UntilAsync(() => Task.FromResult(rig.PagesOf("am-ack").Count(p => p.GetProperty("status").GetString() == "firing")),
            firing => firing > pagesBefore, "the next occurrence to page again");
    }

    [Fact]
    public async Task TimedAcknowledgement_ItsSilenceEndsWhenTheAcknowledgementDoes()
    {
        var alert = await Alerting.SlowModuleAsync(rig.Monitor, "am-timed");
        await rig.AlertmanagerAlertAsync("am-timed");

        var outcome = await rig.AcknowledgeAsync(alert.Id, "looking for 30 minutes", TimeSpan.FromMinutes(30));

        var until = outcome.GetProperty("alert").GetProperty("acknowledgedUntil").GetDateTimeOffset();
        var stored = await Poll.UntilAsync(() => rig.Monitor.Get<IAlertStore>().GetAsync(alert.Id, Cancel), a => a?.SilenceId is not null, "the silence id");
        var silence = (await rig.Alertmanager.SilencesAsync()).Single(s => s.GetProperty("id").GetString() == stored!.SilenceId);
        Assert.Equal(until, silence.GetProperty("endsAt").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1));
        Assert.Equal(until, stored!.SilenceUntil!.Value, TimeSpan.FromMilliseconds(1));
    }

    private static string Matchers(JsonElement labelsOrSilence) =>
        labelsOrSilence.TryGetProperty("matchers", out var matchers)
            ? string.Join(",", matchers.EnumerateArray().Where(m => m.GetProperty("isEqual").GetBoolean() && !m.GetProperty("isRegex").GetBoolean())
                .Select(m => $"{m.GetProperty("name").GetString()}={m.GetProperty("value").GetString()}").Order(StringComparer.Ordinal))
            : string.Join(",", labelsOrSilence.EnumerateObject().Select(l => $"{l.Name}={l.Value.GetString()}").Order(StringComparer.Ordinal));

    private async Task<IReadOnlyList<JsonElement>> NotificationsOfAsync(string id, Func<IReadOnlyList<JsonElement>, bool> done) =>
        await Poll.UntilAsync(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/alerts/{id}/notifications");
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", MonitorHost.ViewerToken);
            using var response = await rig.Monitor.Web.SendAsync(request, Cancel);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
            return (IReadOnlyList<JsonElement>)[.. body.EnumerateArray().Select(n => n.Clone())];
        }, done, $"the notifications of {id}");
}
