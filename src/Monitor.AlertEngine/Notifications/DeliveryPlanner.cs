using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Monitor.AlertEngine.Configuration;
using Monitor.AlertEngine.Lifecycle;
using Monitor.AlertEngine.Model;
using Monitor.AlertEngine.Storage.Outbox;

namespace Monitor.AlertEngine.Notifications;

/// <summary>
/// Decides the notifications a stored change makes, inside the transaction that stores it (so a
/// transition and its notifications are written together or not at all):
/// <list type="bullet">
/// <item>to each Alertmanager: the alert when it fires, when its severity (a label) changes — the
/// old label set ended, the new one firing — and when it closes;</item>
/// <item>to Alertmanager's silences: a silence when it is acknowledged, its expiry when the
/// acknowledgement ends (re-fire, resolve, expire);</item>
/// <item>to each webhook whose filters match: one event per transition.</item>
/// </list>
/// </summary>
internal sealed class DeliveryPlanner(IOptionsMonitor<NotificationOptions> notifications, IOptionsMonitor<MonitoringOptions> monitoring) : IDeliveryPlanner
{
    private static readonly JsonSerializerOptions Json = NotificationJson.Options;

    public IReadOnlyList<NotificationDelivery> Plan(PerformanceAlert? before, AlertChange change)
    {
        var options = notifications.CurrentValue;
        if (!options.Any)
        {
            return [];
        }
        var after = change.Alert;
        var links = new NotificationLinks(options, monitoring.CurrentValue);
        var at = change.Transitions.Count > 0 ? change.Transitions[^1].At : after.LastSeen;
        var deliveries = new List<NotificationDelivery>();
        var key = $"{after.Id}:{after.Version}";

        // Silence changes first: a resolution posted while its silence still holds would be muted.
        if (options.Alertmanagers.Count > 0 && options.Silences)
        {
            if (change.Transitions.FirstOrDefault(t => t.Action == AlertAction.Acknowledged) is { } acknowledged)
            {
                var endsAt = after.AcknowledgedUntil ?? acknowledged.At + options.SilenceExtension;
                deliveries.Add(new(after.Id, Receivers.Silences, DeliveryKind.Silence, AlertAction.Acknowledged,
                    AlertmanagerPayloads.PostableSilence(after, acknowledged.At, endsAt), $"{key}:{Receivers.Silences}:silence", at));
            }
            if (before is { Status: AlertStatus.Acknowledged } && after.Status != AlertStatus.Acknowledged)
            {
                var ended = change.Transitions.Count > 0 ? change.Transitions[0].Action : AlertAction.Refired;
                deliveries.Add(new(after.Id, Receivers.Silences, DeliveryKind.Unsilence, ended, "{}", $"{key}:{Receivers.Silences}:unsilence", at));
            }
        }
        if (AlertmanagerPosts(before, after, at, options) is { Count: > 0 } posts)
        {
            var payload = AlertmanagerPayloads.PostableAlerts(posts, links);
            var step = change.Transitions.Count > 0 ? change.Transitions[^1].Action : AlertAction.Fired;
            for (var i = 0; i < options.Alertmanagers.Count; i++)
            {
                var receiver = Receivers.Alertmanager(options, i);
                deliveries.Add(new(after.Id, receiver, DeliveryKind.Alerts, step, payload, $"{key}:{receiver}", at));
            }
        }
        foreach (var webhook in options.Webhooks.Where(w => Wants(w, after)))
        {
            foreach (var step in change.Transitions)
            {
                var idempotencyKey = $"{key}:{webhook.Name}:{AlertWire.Name(step.Action)}";
                var body = webhook.Format == WebhookFormats.Alertmanager
                    ? AlertmanagerPayloads.Webhook(after, webhook.Name, links)
                    : MonitorWebhook(idempotencyKey, webhook.Name, step, after, links);
                deliveries.Add(new(after.Id, webhook.Name, DeliveryKind.Webhook, step.Action, body, idempotencyKey, step.At));
            }
        }
        return deliveries;
    }

    /// <summary>What Alertmanager must be told: nothing while only the count or evidence moves.</summary>
    private static List<(PerformanceAlert, DateTimeOffset)> AlertmanagerPosts(PerformanceAlert? before, PerformanceAlert after, DateTimeOffset at,
        NotificationOptions options)
    {
        var firingUntil = at + (options.ResendInterval * 4);
        if (after.IsOpen && before is not { IsOpen: true })
        {
            return [(after, firingUntil)];
        }
        if (after.IsOpen && before is { IsOpen: true } && before.Severity != after.Severity)
        {
            return [(before, at), (after, firingUntil)];
        }
        if (!after.IsOpen && before is { IsOpen: true })
        {
            return [(after, after.ResolvedAt ?? at)];
        }
        return [];
    }

    private static bool Wants(WebhookTarget webhook, PerformanceAlert alert) =>
        (webhook.Severities.Count == 0 || webhook.Severities.Contains(AlertWire.Name(alert.Severity), StringComparer.OrdinalIgnoreCase))
        && (webhook.Jobs.Count == 0 || webhook.Jobs.Contains(alert.Job, StringComparer.Ordinal))
        && (webhook.Types.Count == 0 || webhook.Types.Contains(alert.Type, StringComparer.Ordinal));

    private static string MonitorWebhook(string idempotencyKey, string receiver, AlertTransition step, PerformanceAlert alert, NotificationLinks links) =>
        Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(
            new MonitorWebhookEvent(MonitorWebhookEvent.CurrentVersion, idempotencyKey, step.Action, step.At, receiver, step.Actor, step.Comment,
                links.AlertLink(alert.Id), alert), Json));
}
