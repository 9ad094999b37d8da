using Monitor.AlertEngine.Model;

namespace Monitor.AlertEngine.Notifications;

/// <summary>
/// The body of a webhook in the monitor's own format (docs/alerts.md): one transition of one
/// alert. <see cref="IdempotencyKey"/> is the same on every retry of the same transition, so a
/// receiver drops repeats; <see cref="Version"/> changes only when a field's meaning does.
/// </summary>
public sealed record MonitorWebhookEvent(
    string Version,
    string IdempotencyKey,
    AlertAction Event,
    DateTimeOffset OccurredAt,
    string Receiver,
    string? Actor,
    string? Comment,
    string Link,
    PerformanceAlert Alert)
{
    public const string CurrentVersion = "1";
}
