namespace Monitor.AlertEngine.Notifications;

/// <summary>Receiver names, as deliveries, metrics and history name them.</summary>
internal static class Receivers
{
    /// <summary>Silences are made on the Alertmanager cluster as a whole (the first target that answers).</summary>
    public const string Silences = "alertmanager-silences";

    public static string Alertmanager(NotificationOptions options, int index) =>
        options.Alertmanagers[index].Name is { Length: > 0 } name ? name : $"alertmanager-{index + 1}";
}
