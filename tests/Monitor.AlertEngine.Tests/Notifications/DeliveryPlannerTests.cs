using System.Text.Json;
using Monitor.AlertEngine.Configuration;
using Monitor.AlertEngine.Lifecycle;
using Monitor.AlertEngine.Model;
using Monitor.AlertEngine.Notifications;
using Monitor.AlertEngine.Storage.Outbox;

namespace Monitor.AlertEngine.Tests.Notifications;

/// <summary>Which notifications each stored change makes, and what they carry.</summary>
public sealed class DeliveryPlannerTests
{
    private static readonly DateTimeOffset At = Alerts.T0.AddMinutes(10);

    private static NotificationOptions Options() => new()
    {
        Alertmanagers = [new AlertmanagerTarget { Url = "http://am-1:9093" }, new AlertmanagerTarget { Name = "am-dr", Url = "http://am-2:9093" }],
        Webhooks = [new WebhookTarget { Name = "ops", Url = "http://hooks/ops" }],
        ResendInterval = TimeSpan.FromMinutes(1),
        SilenceExtension = TimeSpan.FromHours(1),
        PublicUrl = "https://monitor.example.com/",
    };

    [Fact]
    public void Fired_PostedFiringToEachAlertmanagerForFourResendIntervals_AndToTheWebhook()
    {
        var fired = Alert();

        var deliveries = Plan(Options(), null, fired, AlertAction.Fired);

        Assert.Equal([("alertmanager-1", DeliveryKind.Alerts), ("am-dr", DeliveryKind.Alerts), ("ops", DeliveryKind.Webhook)],
            deliveries.Select(d => (d.Receiver, d.Kind)));
        var posted = JsonDocument.Parse(deliveries[0].Payload).RootElement.EnumerateArray().Single();
        Assert.Equal("slow_module", posted.GetProperty("labels").GetProperty("alertname").GetString());
        Assert.Equal(At.AddMinutes(4), posted.GetProperty("endsAt").GetDateTimeOffset());
        Assert.Equal($"https://monitor.example.com/alerts/{fired.Id}", posted.GetProperty("generatorURL").GetString());
        Assert.Equal(deliveries.Count, deliveries.Select(d => d.IdempotencyKey).Distinct().Count());
    }

    [Fact]
    public void SeverityRise_EndsTheOldLabelSetAndFiresTheNew()
    {
        var before = Alert();
        var after = before with { Severity = AlertSeverity.Critical, Version = 2 };

        var post = Plan(Options(), before, after, AlertAction.Escalated).First(d => d.Kind == DeliveryKind.Alerts);

        var alerts = JsonDocument.Parse(post.Payload).RootElement.EnumerateArray().ToArray();
        Assert.Equal(("warning", At), (alerts[0].GetProperty("labels").GetProperty("severity").GetString(), alerts[0].GetProperty("endsAt").GetDateTimeOffset()));
        Assert.Equal(("critical", At.AddMinutes(4)), (alerts[1].GetProperty("labels").GetProperty("severity").GetString(), alerts[1].GetProperty("endsAt").GetDateTimeOffset()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(30)]
    public void Acknowledged_ASilenceOnExactlyTheAlertsLabels_UntilTheAcknowledgementEnds(int? minutes)
    {
        var before = Alert();
        var until = minutes is { } m ? At.AddMinutes(m) : (DateTimeOffset?)null;
        var after = before with { Status = AlertStatus.Acknowledged, AcknowledgedBy = "alice", AcknowledgeComment = "on it", AcknowledgedUntil = until, Version = 2 };

        var deliveries = Plan(Options(), before, after, AlertAction.Acknowledged);

        Assert.Equal([("alertmanager-silences", DeliveryKind.Silence), ("ops", DeliveryKind.Webhook)], deliveries.Select(d => (d.Receiver, d.Kind)));
        var silence = JsonDocument.Parse(deliveries[0].Payload).RootElement;
        Assert.Equal(["alertname=slow_module", "job=job-a", "monitor=pipeline-monitor", "severity=warning", "stage=module_generation"],
            silence.GetProperty("matchers").EnumerateArray().Select(m => $"{m.GetProperty("name").GetString()}={m.GetProperty("value").GetString()}"));
        Assert.All(silence.GetProperty("matchers").EnumerateArray(), m => Assert.True(m.GetProperty("isEqual").GetBoolean() && !m.GetProperty("isRegex").GetBoolean()));
        Assert.Equal(("alice", "on it"), (silence.GetProperty("createdBy").GetString(), silence.GetProperty("comment").GetString()));
        Assert.Equal(until ?? At.AddHours(1), silence.GetProperty("endsAt").GetDateTimeOffset());
    }

    [Fact]
    public void ResolvedWhileAcknowledged_TheSilenceExpiresBeforeTheResolutionIsPosted()
    {
        var before = Alert() with { Status = AlertStatus.Acknowledged, AcknowledgedBy = "alice" };
        var after = before with { Status = AlertStatus.Resolved, ResolvedAt = At, Version = 3 };

        var deliveries = Plan(Options(), before, after, AlertAction.Resolved);

        Assert.Equal([DeliveryKind.Unsilence, DeliveryKind.Alerts, DeliveryKind.Alerts, DeliveryKind.Webhook], deliveries.Select(d => d.Kind));
        var posted = JsonDocument.Parse(deliveries[1].Payload).RootElement.EnumerateArray().Single();
        Assert.Equal(At, posted.GetProperty("endsAt").GetDateTimeOffset());
    }

    [Fact]
    public void Unacknowledged_TheSilenceExpiresAndWebhooksHearOfIt_AlertmanagerIsNotToldAgain()
    {
        var before = Alert() with { Status = AlertStatus.Acknowledged, AcknowledgedBy = "alice", SilenceId = "s-1" };
        var after = before with { Status = AlertStatus.Firing, AcknowledgedBy = null, Version = 3 };

        var deliveries = Plan(Options(), before, after, AlertAction.Unacknowledged);

        Assert.Equal([DeliveryKind.Unsilence, DeliveryKind.Webhook], deliveries.Select(d => d.Kind));
        Assert.All(deliveries, d => Assert.Equal(AlertAction.Unacknowledged, d.Event));
        Assert.Equal("unacknowledged", JsonDocument.Parse(deliveries[1].Payload).RootElement.GetProperty("event").GetString());
    }

    [Fact]
    public void OnlyCountAndEvidenceMoved_NothingToTell()
    {
        var before = Alert();
        var after = before with { Count = 7, Version = 2 };

        Assert.Empty(new DeliveryPlanner(Monitor(Options()), Monitor(new MonitoringOptions())).Plan(before, new AlertChange(after, [])));
    }

    [Theory]
    [InlineData("critical", null, null, false)]
    [InlineData("warning", null, null, true)]
    [InlineData(null, "job-b", null, false)]
    [InlineData(null, "job-a", "slow_module", true)]
    [InlineData(null, null, "error_rate", false)]
    public void Webhook_Filters_BySeverityJobAndType(string? severity, string? job, string? type, bool wanted)
    {
        var options = Options();
        options.Webhooks[0].Severities = severity is null ? [] : [severity];
        options.Webhooks[0].Jobs = job is null ? [] : [job];
        options.Webhooks[0].Types = type is null ? [] : [type];

        var deliveries = Plan(options, null, Alert(), AlertAction.Fired);

        Assert.Equal(wanted, deliveries.Any(d => d.Kind == DeliveryKind.Webhook));
    }

    [Fact]
    public void Webhook_InAlertmanagersFormat_ForReceiversWrittenForIt()
    {
        var options = Options();
        options.Webhooks[0].Format = WebhookFormats.Alertmanager;

        var body = JsonDocument.Parse(Plan(options, null, Alert(), AlertAction.Fired).Single(d => d.Kind == DeliveryKind.Webhook).Payload).RootElement;

        Assert.Equal(("4", "firing", "ops"), (body.GetProperty("version").GetString(), body.GetProperty("status").GetString(), body.GetProperty("receiver").GetString()));
        var alert = body.GetProperty("alerts").EnumerateArray().Single();
        Assert.Equal("slow_module", alert.GetProperty("labels").GetProperty("alertname").GetString());
        Assert.Equal("0001-01-01T00:00:00Z", alert.GetProperty("endsAt").GetString());
    }

    [Fact]
    public void NothingConfigured_NoDeliveries() =>
        Assert.Empty(Plan(new NotificationOptions(), null, Alert(), AlertAction.Fired));

    private static List<NotificationDelivery> Plan(NotificationOptions options, PerformanceAlert? before, PerformanceAlert after, AlertAction action) =>
        [.. new DeliveryPlanner(Monitor(options), Monitor(new MonitoringOptions()))
            .Plan(before, new AlertChange(after, [new AlertTransition(after.Id, action, after.Status, after.Severity, At, "alice", "on it")]))];

    private static FixedOptionsMonitor<T> Monitor<T>(T value) => new(value);

    private static PerformanceAlert Alert() => new()
    {
        Id = "01a216a0-0000-7000-8000-000000000001",
        Type = "slow_module",
        Severity = AlertSeverity.Warning,
        Status = AlertStatus.Firing,
        Message = "slow module: module m-1 of job-a at 100000 ms",
        Timestamp = Alerts.T0,
        LastSeen = Alerts.T0,
        Fingerprint = Alerts.NewFingerprint(),
        Labels = new Dictionary<string, string> { ["job"] = "job-a", ["stage"] = "module_generation" },
        Version = 1,
    };
}
