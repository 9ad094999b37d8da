namespace Monitor.AlertEngine.Notifications;

/// <summary>The payload formats a webhook can take.</summary>
public static class WebhookFormats
{
    public const string Monitor = "monitor";
    public const string Alertmanager = "alertmanager";
}
